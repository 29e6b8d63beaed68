//! Mail in, through real clients: `guichet mail deliver` with its exit
//! codes, Python's smtplib over LMTP and SMTP against `serve
//! --mail-listen`, LMTP's answer per recipient, and a `kill -9` under load
//! that loses no message that got its 250.

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::helpers::{data_dir, free_port, health, start, stop, text};

const HELPDESK: &str = "helpdesk@localhost.localdomain";

/// Runs `guichet mail deliver` on `folder` with `raw` on standard input.
fn deliver(folder: &str, raw: &str, extra: &[&str]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_guichet"))
        .args(["mail", "deliver", "--data-dir", folder])
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(raw.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let log = text(&output.stderr);
    let last = log.lines().last().unwrap_or_default().to_owned();
    (output.status.code().unwrap_or(-1), last)
}

fn message(id: &str, subject: &str, extra_headers: &str) -> String {
    format!(
        "From: Pia Martin <pia@site.example>\r\nTo: {HELPDESK}\r\nSubject: {subject}\r\n\
         Message-ID: <{id}>\r\n{extra_headers}Content-Type: text/plain; charset=utf-8\r\n\r\n\
         Les transferts échouent depuis ce matin.\r\n"
    )
}

/// Each outcome of `mail deliver` has its sysexits code, and the log line
/// says what happened.
#[tokio::test]
async fn mail_deliver_answers_with_sysexits_codes() {
    let dir = data_dir("mail-deliver");
    let folder = dir.to_str().unwrap();
    let (code, line) = deliver(folder, &message("d1@x", "SRM down", ""), &[]);
    assert_eq!((code, line.trim()), (0, "opened ticket #100001"), "{line}");
    let (code, line) = deliver(folder, &message("d1@x", "SRM down", ""), &[]);
    assert_eq!(code, 0, "{line}");
    assert!(line.contains("already received: ticket #100001"), "{line}");
    let reply = message("d2@x", "Re: [Guichet #100001] SRM down", "");
    let (code, line) = deliver(
        folder,
        &reply,
        &["--recipient", "helpdesk+100001@localhost.localdomain"],
    );
    assert_eq!((code, line.trim()), (0, "added to ticket #100001"), "{line}");
    let (code, line) = deliver(
        folder,
        &message("d3@x", "Hi", ""),
        &["--recipient", "nobody@localhost.localdomain"],
    );
    assert_eq!(code, 67, "EX_NOUSER: {line}");
    let (code, line) = deliver(folder, "this is not a mail at all", &[]);
    assert_eq!(code, 65, "EX_DATAERR: {line}");
    let auto = message("d4@x", "Absent", "Auto-Submitted: auto-replied\r\n");
    let (code, line) = deliver(folder, &auto, &[]);
    assert_eq!(code, 0, "{line}");
    assert!(line.contains("not filed"), "{line}");
    let big = message("d5@x", "Big", "");
    let (code, line) = deliver(folder, &big, &["--max-message-bytes", "100"]);
    assert_eq!(code, 65, "{line}");
    assert!(line.contains("at most 100"), "{line}");
    let missing = data_dir("mail-deliver-bad-db");
    let unreadable = missing.join("not-a-db");
    std::fs::create_dir_all(unreadable.join("guichet.db")).unwrap();
    let (code, line) = deliver(unreadable.to_str().unwrap(), &message("d6@x", "x", ""), &[]);
    assert_eq!(code, 75, "EX_TEMPFAIL when the database cannot be opened: {line}");
}

/// Whether Python 3 is here to play the client.
fn python() -> bool {
    let found = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var("CI").is_err(), "python3 is required in CI");
        eprintln!("SKIPPED: python3 is not installed; the real-client mail tests need it");
    }
    found
}

/// Sends with smtplib; the lines it printed.
fn python_client(
    protocol: &str,
    port: u16,
    sessions: usize,
    count: usize,
    prefix: &str,
    env: &[(&str, &str)],
) -> Vec<String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli/mail_client.py");
    let output = Command::new("python3")
        .args([
            script,
            protocol,
            "127.0.0.1",
            &port.to_string(),
            &sessions.to_string(),
            &count.to_string(),
            prefix,
            HELPDESK,
        ])
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(output.status.success(), "the client failed: {}", text(&output.stderr));
    text(&output.stdout).lines().map(str::to_owned).collect()
}

async fn serve_mail(folder: &str) -> (std::process::Child, u16, u16) {
    serve_mail_with(folder, &["--no-worker"]).await
}

async fn serve_mail_with(folder: &str, extra: &[&str]) -> (std::process::Child, u16, u16) {
    let (port, mail_port) = (free_port(), free_port());
    let listen = format!("127.0.0.1:{port}");
    let mail_listen = format!("127.0.0.1:{mail_port}");
    let args = [
        "serve",
        "--data-dir",
        folder,
        "--listen",
        &listen,
        "--mail-listen",
        &mail_listen,
        "--mail-rate-limit",
        "1000000",
    ];
    let args: Vec<&str> = args.iter().chain(extra).copied().collect();
    let server = start(&args, &[]);
    assert!(health(port).await.is_some(), "the server answers");
    (server, port, mail_port)
}

async fn tickets_and_articles(folder: &str) -> (i64, usize) {
    let url = format!("sqlite://{folder}/guichet.db");
    let store = guichet_store::connect(&url).await.unwrap();
    let count = store.ticket_count().await.unwrap();
    let mut articles = 0;
    for id in 1..=count {
        articles += store
            .articles(guichet_domain::ids::TicketId(id), true)
            .await
            .unwrap()
            .len();
    }
    (count, articles)
}

/// smtplib over LMTP opens tickets; smtplib over SMTP threads a reply by
/// In-Reply-To into the first.
#[tokio::test]
async fn smtplib_delivers_over_lmtp_and_smtp() {
    if !python() {
        return;
    }
    let dir = data_dir("mail-smtplib");
    let folder = dir.to_str().unwrap();
    let (server, _, mail_port) = serve_mail(folder).await;
    let lines = python_client("lmtp", mail_port, 2, 4, "lmtp", &[]);
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("ACCEPTED")).count(),
        4,
        "{lines:?}"
    );
    let reply = [
        ("SUBJECT", "Re: Transfers fail at the storage element"),
        ("IN_REPLY_TO", "<lmtp-0@client.example>"),
    ];
    let lines = python_client("smtp", mail_port, 1, 1, "smtp", &reply);
    assert_eq!(lines, vec!["ACCEPTED smtp-0@client.example"]);
    stop(server);
    assert_eq!(tickets_and_articles(folder).await, (4, 1), "four tickets, one reply");
}

/// LMTP answers each recipient after the data; an unknown address is
/// refused at RCPT with 550 and the others still get the message once.
#[tokio::test]
async fn lmtp_answers_per_recipient() {
    let dir = data_dir("mail-lmtp");
    let folder = dir.to_str().unwrap();
    let (server, _, mail_port) = serve_mail(folder).await;
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", mail_port)).await.unwrap();
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut expect = async |prefix: &str| {
        let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert!(line.starts_with(prefix), "expected {prefix}, got {line}");
        line
    };
    expect("220").await;
    write.write_all(b"LHLO client.example\r\n").await.unwrap();
    loop {
        if expect("250").await.starts_with("250 ") {
            break;
        }
    }
    write.write_all(b"MAIL FROM:<pia@site.example>\r\n").await.unwrap();
    expect("250").await;
    write
        .write_all(format!("RCPT TO:<{HELPDESK}>\r\n").as_bytes())
        .await
        .unwrap();
    expect("250").await;
    write
        .write_all(b"RCPT TO:<nobody@localhost.localdomain>\r\n")
        .await
        .unwrap();
    expect("550 5.1.1").await;
    write
        .write_all(b"RCPT TO:<HELPDESK@localhost.localdomain>\r\n")
        .await
        .unwrap();
    expect("250").await;
    write.write_all(b"DATA\r\n").await.unwrap();
    expect("354").await;
    let body = message("per-rcpt@x", "Two recipients", "").replace("\r\n.", "\r\n..");
    write.write_all(format!("{body}.\r\n").as_bytes()).await.unwrap();
    let first = expect("250 2.0.0 opened ticket #100001").await;
    let second = expect("250").await;
    assert_eq!(first, second, "one answer per accepted recipient");
    write.write_all(b"QUIT\r\n").await.unwrap();
    expect("221").await;
    stop(server);
    assert_eq!(
        tickets_and_articles(folder).await,
        (1, 0),
        "one ticket for both recipients"
    );
}

/// `kill -9` of the server while eight LMTP sessions deliver: every message
/// that got its 250 is in the database afterwards.
#[tokio::test]
async fn a_kill_during_an_lmtp_load_loses_no_accepted_message() {
    if !python() {
        return;
    }
    let dir = data_dir("mail-kill");
    let folder = dir.to_str().unwrap().to_owned();
    let (mut server, _, mail_port) = serve_mail(&folder).await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli/mail_client.py");
    let mut client = Command::new("python3")
        .args([
            script,
            "lmtp",
            "127.0.0.1",
            &mail_port.to_string(),
            "8",
            "100000",
            "load",
            HELPDESK,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = client.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        use std::io::BufRead as _;
        std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<String>>()
    });
    tokio::time::sleep(Duration::from_millis(2500)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    client.wait().unwrap();
    let accepted: Vec<String> = reader
        .join()
        .unwrap()
        .into_iter()
        .filter_map(|l| l.strip_prefix("ACCEPTED ").map(str::to_owned))
        .collect();
    assert!(
        accepted.len() > 20,
        "the load ran before the kill: {} accepted",
        accepted.len()
    );
    let store = guichet_store::connect(&format!("sqlite://{folder}/guichet.db"))
        .await
        .unwrap();
    for id in &accepted {
        let found = store.ticket_by_message_ids(std::slice::from_ref(id)).await.unwrap();
        assert!(
            found.is_some(),
            "{id} got its 250 but is not stored ({} accepted)",
            accepted.len()
        );
    }
}

/// Whether aiosmtpd is here to play the relay.
fn aiosmtpd() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var("CI").is_err(), "aiosmtpd is required in CI");
        eprintln!("SKIPPED: aiosmtpd is not installed (pip install aiosmtpd); the notification test is skipped");
    }
    found
}

/// One LMTP transaction to the helpdesk; the answer after the data.
async fn lmtp_send(port: u16, sender: &str, rcpt: &str, raw: &str) -> String {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut next = async || lines.next_line().await.unwrap().unwrap();
    next().await;
    write.write_all(b"LHLO client.example\r\n").await.unwrap();
    while !next().await.starts_with("250 ") {}
    let envelope = format!("MAIL FROM:<{sender}>\r\nRCPT TO:<{rcpt}>\r\nDATA\r\n");
    write.write_all(envelope.as_bytes()).await.unwrap();
    for _ in 0..3 {
        next().await;
    }
    let body = raw.replace("\r\n.", "\r\n..");
    write.write_all(format!("{body}\r\n.\r\n").as_bytes()).await.unwrap();
    let answer = next().await;
    write.write_all(b"QUIT\r\n").await.unwrap();
    answer
}

/// The messages the sink received, as text, once there are `count`.
async fn received(dir: &std::path::Path, count: usize) -> Vec<String> {
    for _ in 0..300 {
        let mut found: Vec<String> = std::fs::read_dir(dir.join("new"))
            .map(|entries| {
                entries
                    .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                    .collect()
            })
            .unwrap_or_default();
        if found.len() >= count {
            found.sort();
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the relay did not receive {count} messages");
}

fn header<'m>(message: &'m str, name: &str) -> Option<&'m str> {
    message
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':').map(str::trim))
}

/// The whole round: a mail opens a ticket; the worker mails the submitter
/// and the CC'd colleague through a real relay (aiosmtpd); that
/// notification fed back in is dropped as our own loop; the colleague's
/// reply-all joins the ticket.
#[tokio::test]
async fn notifications_go_out_and_a_reply_all_threads_back() {
    if !python() || !aiosmtpd() {
        return;
    }
    let dir = data_dir("mail-round");
    let folder = dir.to_str().unwrap();
    let sink_dir = dir.join("relay");
    let relay_port = free_port();
    let mut relay = Command::new("python3")
        .args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{relay_port}"),
            "-c",
            "aiosmtpd.handlers.Mailbox",
        ])
        .arg(&sink_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", relay_port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let relay_url = format!("smtp://127.0.0.1:{relay_port}");
    let (server, _, mail_port) = serve_mail_with(folder, &["--smtp-relay", &relay_url]).await;
    let server = KillOnDrop(Some(server));
    let opening = "From: Pia Martin <pia@site.example>\r\nTo: helpdesk@localhost.localdomain\r\n\
                   Cc: colleague@site.example\r\nSubject: dCache pool offline\r\nMessage-ID: <open-1@site.example>\r\n\r\n\
                   The pool went offline at 03:00.\r\n";
    let answer = lmtp_send(mail_port, "pia@site.example", HELPDESK, opening).await;
    assert!(answer.starts_with("250 2.0.0 opened ticket #100001"), "{answer}");
    let mails = received(&sink_dir, 2).await;
    for mail in &mails {
        assert!(header(mail, "Subject").unwrap().contains("[Guichet #100001]"), "{mail}");
        assert_eq!(header(mail, "Auto-Submitted"), Some("auto-generated"));
        assert!(header(mail, "X-Guichet-Loop").is_some(), "{mail}");
        assert_eq!(
            header(mail, "In-Reply-To"),
            Some("<open-1@site.example>"),
            "threads under the opening mail"
        );
    }
    let to: Vec<&str> = mails.iter().filter_map(|m| header(m, "To")).collect();
    assert!(
        to.iter().any(|t| t.contains("pia@site.example")) && to.iter().any(|t| t.contains("colleague@site.example")),
        "{to:?}"
    );

    let notification = mails
        .iter()
        .find(|m| header(m, "To").unwrap().contains("colleague"))
        .unwrap();
    let looped = lmtp_send(
        mail_port,
        "",
        HELPDESK,
        &notification.replace('\n', "\r\n").replace("\r\r\n", "\r\n"),
    )
    .await;
    assert!(
        looped.starts_with("250 2.0.0 not filed"),
        "our own mail coming back is dropped: {looped}"
    );

    let notification_id = header(notification, "Message-ID").unwrap();
    let reply_to = header(notification, "Reply-To").unwrap();
    assert!(reply_to.contains("helpdesk+100001@localhost.localdomain"), "{reply_to}");
    let reply_all = format!(
        "From: colleague@site.example\r\nTo: {reply_to}\r\nCc: pia@site.example\r\nSubject: Re: dCache pool offline\r\n\
         Message-ID: <reply-1@site.example>\r\nIn-Reply-To: {notification_id}\r\nReferences: <open-1@site.example> {notification_id}\r\n\r\n\
         Same on our pool.\r\n\r\nOn Tue, 1 Dec 2026 at 10:00, Guichet wrote:\r\n> The pool went offline.\r\n"
    );
    let joined = lmtp_send(mail_port, "colleague@site.example", HELPDESK, &reply_all).await;
    assert!(joined.starts_with("250 2.0.0 added to ticket #100001"), "{joined}");
    drop(server);
    relay.kill().unwrap();
    relay.wait().unwrap();
    assert_eq!(tickets_and_articles(folder).await, (1, 1));
}

/// Kills a server when the test ends, passed or not.
struct KillOnDrop(Option<std::process::Child>);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Some(child) = self.0.take() {
            stop(child);
        }
    }
}

/// A message over the limit gets 552 after its data and nothing is
/// stored; the next message is received as usual.
#[tokio::test]
async fn an_oversized_message_is_refused_with_552() {
    let dir = data_dir("mail-oversized");
    let folder = dir.to_str().unwrap();
    let (server, _, mail_port) = serve_mail_with(folder, &["--no-worker", "--max-message-bytes", "100000"]).await;
    let server = KillOnDrop(Some(server));
    let big = message("big@x", "A big log", "") + &"0123456789abcdef".repeat(20_000);
    let answer = lmtp_send(mail_port, "pia@site.example", HELPDESK, &big).await;
    assert!(answer.starts_with("552 5.3.4"), "{answer}");
    let small = lmtp_send(
        mail_port,
        "pia@site.example",
        HELPDESK,
        &message("small@x", "A small one", ""),
    )
    .await;
    assert!(small.starts_with("250 2.0.0 opened ticket #100001"), "{small}");
    drop(server);
    assert_eq!(tickets_and_articles(folder).await, (1, 0));
}

/// Two nodes on one PostgreSQL database receive mail side by side: the
/// same message given to both (a mail server retrying on the other node)
/// is filed once, and different messages are all filed.
#[tokio::test]
async fn two_nodes_on_postgres_file_each_message_once() {
    let Some(db) = guichet_store::testing::fresh(guichet_store::testing::Backend::Postgres).await else {
        return;
    };
    let url = crate::helpers::url_for(&db);
    let mut nodes = Vec::new();
    for _ in 0..2 {
        let (port, mail_port) = (free_port(), free_port());
        let (listen, mail_listen) = (format!("127.0.0.1:{port}"), format!("127.0.0.1:{mail_port}"));
        let args = [
            "serve",
            "--database-url",
            &url,
            "--listen",
            &listen,
            "--mail-listen",
            &mail_listen,
            "--no-worker",
        ];
        let node = KillOnDrop(Some(start(&args, &[])));
        assert!(health(port).await.is_some(), "the node answers");
        nodes.push((node, mail_port));
    }
    let (a, b) = (nodes[0].1, nodes[1].1);
    let same = message("both@x", "Sent to both nodes", "");
    let (first, second) = tokio::join!(
        lmtp_send(a, "pia@site.example", HELPDESK, &same),
        lmtp_send(b, "pia@site.example", HELPDESK, &same)
    );
    assert!(
        first.starts_with("250") && second.starts_with("250"),
        "{first} / {second}"
    );
    let answers = [first, second];
    assert_eq!(
        answers.iter().filter(|a| a.contains("opened ticket")).count(),
        1,
        "{answers:?}"
    );
    let sends = (0..6).map(|i| {
        let port = if i % 2 == 0 { a } else { b };
        let raw = message(&format!("each-{i}@x"), &format!("Problem {i}"), "");
        async move { lmtp_send(port, "pia@site.example", HELPDESK, &raw).await }
    });
    for answer in futures_util::future::join_all(sends).await {
        assert!(answer.starts_with("250 2.0.0 opened ticket"), "{answer}");
    }
    drop(nodes);
    assert_eq!(db.store.ticket_count().await.unwrap(), 7);
}

/// An empty message (a lone dot right after DATA) ends the data at once
/// and is answered; the session goes on.
#[tokio::test]
async fn an_empty_message_is_answered_at_once() {
    let dir = data_dir("mail-empty");
    let folder = dir.to_str().unwrap();
    let (server, _, mail_port) = serve_mail(folder).await;
    let server = KillOnDrop(Some(server));
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", mail_port)).await.unwrap();
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut next = async || {
        let line = tokio::time::timeout(Duration::from_secs(20), lines.next_line()).await;
        line.expect("answered, not left waiting").unwrap().unwrap()
    };
    next().await;
    write.write_all(b"LHLO client.example\r\n").await.unwrap();
    while !next().await.starts_with("250 ") {}
    let envelope = format!("MAIL FROM:<pia@site.example>\r\nRCPT TO:<{HELPDESK}>\r\nDATA\r\n.\r\nNOOP\r\n");
    write.write_all(envelope.as_bytes()).await.unwrap();
    for _ in 0..3 {
        next().await;
    }
    let answer = next().await;
    assert!(answer.starts_with("554"), "an empty message is unusable: {answer}");
    let noop = next().await;
    assert!(
        noop.starts_with("250 2.0.0 ok"),
        "the NOOP after it is a command again: {noop}"
    );
    drop(server);
}
