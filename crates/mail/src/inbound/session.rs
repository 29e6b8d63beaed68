//! One LMTP or SMTP session: reads commands (parsed by smtp-proto), hands
//! each to its phase, and writes the replies. Pipelined commands are
//! answered in order.

use std::time::Duration;

use smtp_proto::request::receiver::{DataReceiver, RequestReceiver};
use smtp_proto::{Error as ProtoError, Request};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use guichet_service::mail::addressing::Destination;

use super::ListenerConfig;
use crate::Gateway;

/// Which protocol the client's greeting chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `EHLO` or `HELO`.
    Smtp,
    /// `LHLO`.
    Lmtp,
}

/// A session's state: the greeting, then the envelope being built.
pub struct Session<'g> {
    /// The use cases.
    pub gateway: &'g Gateway,
    /// Limits and names.
    pub config: &'g ListenerConfig,
    /// Set by the greeting.
    pub protocol: Option<Protocol>,
    /// `MAIL FROM`, once given (empty for bounces).
    pub sender: Option<String>,
    /// The accepted recipients, in order.
    pub recipients: Vec<(String, Destination)>,
}

impl Session<'_> {
    /// Forgets the envelope (`RSET`, or after a message).
    pub fn reset(&mut self) {
        self.sender = None;
        self.recipients.clear();
    }
}

/// Where the reading stands.
enum Reading {
    Commands(RequestReceiver),
    Data {
        receiver: DataReceiver,
        message: Vec<u8>,
        too_big: bool,
    },
}

/// Runs a session on `stream` until the client quits or goes silent.
pub async fn run(mut stream: TcpStream, gateway: &Gateway, config: &ListenerConfig) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut session = Session {
        gateway,
        config,
        protocol: None,
        sender: None,
        recipients: Vec::new(),
    };
    let greeting = format!("220 {} Guichet ready\r\n", config.hostname);
    stream.write_all(greeting.as_bytes()).await?;
    let mut reading = Reading::Commands(RequestReceiver::default());
    let mut buffer = vec![0_u8; 64 * 1024];
    loop {
        let read = read_some(&mut stream, &mut buffer, config.idle).await?;
        if read == 0 {
            return Ok(());
        }
        let mut bytes = buffer[..read].iter();
        let mut replies = Vec::new();
        let quit = feed(&mut session, &mut reading, &mut bytes, &mut replies).await;
        stream.write_all(&replies).await?;
        if quit {
            stream.shutdown().await?;
            return Ok(());
        }
    }
}

async fn read_some(stream: &mut TcpStream, buffer: &mut [u8], idle: Duration) -> std::io::Result<usize> {
    match tokio::time::timeout(idle, stream.read(buffer)).await {
        Ok(read) => read,
        Err(_) => {
            let _ = stream.write_all(b"421 4.4.2 idle for too long, closing\r\n").await;
            Ok(0)
        }
    }
}

/// Handles every complete command or message in `bytes`; true to quit.
async fn feed(
    session: &mut Session<'_>,
    reading: &mut Reading,
    bytes: &mut std::slice::Iter<'_, u8>,
    replies: &mut Vec<u8>,
) -> bool {
    loop {
        match reading {
            Reading::Commands(receiver) => match receiver.ingest(bytes) {
                Ok(request) => {
                    let request = request.into_owned();
                    match command(session, request, replies).await {
                        Next::Continue => {}
                        Next::Data => *reading = data_reading(),
                        Next::Quit => return true,
                    }
                }
                Err(ProtoError::NeedsMoreData { .. }) => return false,
                Err(error) => replies.extend_from_slice(syntax_reply(&error).as_bytes()),
            },
            Reading::Data {
                receiver,
                message,
                too_big,
            } => {
                let done = receiver.ingest(bytes, message);
                if message.len() > session.gateway.settings.max_message_bytes {
                    *too_big = true;
                    message.clear();
                }
                if !done {
                    return false;
                }
                let raw = std::mem::take(message);
                let over = *too_big;
                *reading = Reading::Commands(RequestReceiver::default());
                super::data::received(session, &raw, over, replies).await;
            }
        }
    }
}

/// Reading a message: the receiver is told a line just ended (the one of
/// `DATA`), so that a message that starts with a dot (an empty message's
/// lone `.`, or a stuffed `..`) is read as RFC 5321 says.
fn data_reading() -> Reading {
    let mut receiver = DataReceiver::new();
    let mut primed = Vec::new();
    receiver.ingest(&mut b"\r\n".iter(), &mut primed);
    Reading::Data {
        receiver,
        message: Vec::new(),
        too_big: false,
    }
}

/// What the session does after a command.
pub enum Next {
    /// Reads the next command.
    Continue,
    /// Reads a message, up to the lone dot.
    Data,
    /// Closes.
    Quit,
}

async fn command(session: &mut Session<'_>, request: Request<String>, replies: &mut Vec<u8>) -> Next {
    match request {
        Request::Ehlo { host } => super::ehlo::greet(session, Protocol::Smtp, &host, true, replies),
        Request::Helo { host } => super::ehlo::greet(session, Protocol::Smtp, &host, false, replies),
        Request::Lhlo { host } => super::ehlo::greet(session, Protocol::Lmtp, &host, true, replies),
        Request::Mail { from } => super::mail::mail_from(session, &from, replies),
        Request::Rcpt { to } => super::rcpt::rcpt_to(session, &to.address, replies).await,
        Request::Data => return super::data::start(session, replies),
        Request::Rset => {
            session.reset();
            push(replies, "250 2.0.0 reset\r\n");
        }
        Request::Noop { .. } => push(replies, "250 2.0.0 ok\r\n"),
        Request::Quit => {
            push(replies, "221 2.0.0 bye\r\n");
            return Next::Quit;
        }
        Request::Vrfy { .. } => push(replies, "252 2.5.0 send the message and it will be tried\r\n"),
        Request::Help { .. } => push(
            replies,
            "214 2.0.0 LHLO or EHLO, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT\r\n",
        ),
        other => push(
            replies,
            &format!("502 5.5.1 {} is not supported here\r\n", other.name()),
        ),
    }
    Next::Continue
}

fn syntax_reply(error: &ProtoError) -> String {
    match error {
        ProtoError::UnknownCommand => "500 5.5.1 unknown command\r\n".into(),
        ProtoError::InvalidSenderAddress => "501 5.1.7 the sender address is malformed\r\n".into(),
        ProtoError::InvalidRecipientAddress => "501 5.1.3 the recipient address is malformed\r\n".into(),
        ProtoError::SyntaxError { syntax } => format!("501 5.5.2 syntax: {syntax}\r\n"),
        ProtoError::InvalidParameter { param } => format!("501 5.5.4 invalid parameter {param}\r\n"),
        ProtoError::UnsupportedParameter { param } => format!("504 5.5.4 unsupported parameter {param}\r\n"),
        ProtoError::ResponseTooLong => "500 5.5.6 line too long\r\n".into(),
        other => format!("500 5.5.0 {other:?}\r\n"),
    }
}

/// Appends a reply.
pub fn push(replies: &mut Vec<u8>, text: &str) {
    replies.extend_from_slice(text.as_bytes());
}
