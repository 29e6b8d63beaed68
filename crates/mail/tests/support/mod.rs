//! What the IMAP tests stand on: a private Dovecot per test, and a plain
//! IMAP client to put messages in and read their flags.

mod dovecot;

pub use dovecot::Dovecot;

use async_imap::Session;
use async_imap::types::Flag;
use futures_util::TryStreamExt;
use tokio::net::TcpStream;

/// The account every test's Dovecot has.
pub const USER: &str = "helpdesk";
/// Its password.
pub const PASSWORD: &str = "secret";

/// A plain session on the test server's port `port`, logged in.
pub async fn session(port: u16) -> Session<TcpStream> {
    let tcp = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let mut client = async_imap::Client::new(tcp);
    client.read_response().await.unwrap().unwrap();
    let mut session = client.login(USER, PASSWORD).await.map_err(|(e, _)| e).unwrap();
    session.select("INBOX").await.unwrap();
    session
}

/// Appends each of `messages` to the INBOX, unseen.
pub async fn append(port: u16, messages: &[String]) {
    let mut session = session(port).await;
    for message in messages {
        session.append("INBOX", None, None, message.as_bytes()).await.unwrap();
    }
    session.logout().await.unwrap();
}

/// The UIDs that `UID SEARCH query` finds, in order.
pub async fn search(port: u16, query: &str) -> Vec<u32> {
    let mut session = session(port).await;
    let mut uids: Vec<u32> = session.uid_search(query).await.unwrap().into_iter().collect();
    uids.sort_unstable();
    session.logout().await.unwrap();
    uids
}

/// The flags of message `uid`, as the server writes them.
pub async fn flags(port: u16, uid: u32) -> Vec<String> {
    let mut session = session(port).await;
    let fetches: Vec<_> = session
        .uid_fetch(uid.to_string(), "FLAGS")
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let flags = fetches
        .iter()
        .filter(|f| f.uid == Some(uid))
        .flat_map(|f| f.flags().map(|flag| name(&flag)))
        .collect();
    session.logout().await.unwrap();
    flags
}

fn name(flag: &Flag<'_>) -> String {
    match flag {
        Flag::Seen => "\\Seen".into(),
        Flag::Custom(custom) => custom.to_string(),
        other => format!("{other:?}"),
    }
}
