"""A real mail client for the tests: Python's smtplib (LMTP and SMTP).

usage: mail_client.py PROTOCOL HOST PORT SESSIONS COUNT PREFIX RCPT [RCPT ...]

Sends COUNT messages over SESSIONS concurrent sessions (threads), each to
every RCPT, and prints one line per message as soon as it is answered:
"ACCEPTED <message-id>" when every recipient got 250, else
"REFUSED <message-id> <code> <text>". Refused recipients at RCPT time are
reported as "RCPT <address> <code>" once. A message whose subject is
SUBJECT=... in the environment uses it; its body is the message number.
"""
import os
import smtplib
import sys
import threading
from email.message import EmailMessage

protocol, host, port, sessions, count, prefix, *rcpts = sys.argv[1:]
port, sessions, count = int(port), int(sessions), int(count)
subject = os.environ.get("SUBJECT", "Transfers fail at the storage element")
sender = os.environ.get("SENDER", "pia@site.example")
lock = threading.Lock()


def say(line):
    with lock:
        print(line, flush=True)


def message(n):
    msg = EmailMessage()
    msg["From"] = f"Pia Martin <{sender}>"
    msg["To"] = ", ".join(rcpts)
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{prefix}-{n}@client.example>"
    if os.environ.get("IN_REPLY_TO"):
        msg["In-Reply-To"] = os.environ["IN_REPLY_TO"]
    msg.set_content(f"Message number {n}.\nThe SRM answers 503 since this morning.\n")
    return msg


def run(indices):
    client = smtplib.LMTP(host, port) if protocol == "lmtp" else smtplib.SMTP(host, port)
    for n in indices:
        msg = message(n)
        try:
            refused = client.send_message(msg, from_addr=sender, to_addrs=rcpts)
            if refused:
                for address, (code, text) in refused.items():
                    say(f"RCPT {address} {code}")
            say(f"ACCEPTED {prefix}-{n}@client.example")
        except smtplib.SMTPRecipientsRefused as error:
            for address, (code, text) in error.recipients.items():
                say(f"REFUSED {prefix}-{n}@client.example {code} {text.decode(errors='replace')}")
            client.rset()
        except smtplib.SMTPDataError as error:
            say(f"REFUSED {prefix}-{n}@client.example {error.smtp_code} {error.smtp_error.decode(errors='replace')}")
            client.rset()
        except (smtplib.SMTPServerDisconnected, ConnectionError, OSError):
            return
    try:
        client.quit()
    except Exception:
        pass


threads = [threading.Thread(target=run, args=(range(s, count, sessions),)) for s in range(sessions)]
for t in threads:
    t.start()
for t in threads:
    t.join()
