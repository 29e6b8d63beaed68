//! `guichet import mbox` end to end: a small archive with a broken tail,
//! the counts it reports, and a second run that adds nothing.

use crate::helpers::{data_dir, guichet, text};

const ARCHIVE: &str = "From pia@site.example Mon Jan  5 10:00:00 2009\n\
From: Pia Martin <pia@site.example>\n\
Subject: SRM down at IN2P3-CC\n\
Date: Mon, 05 Jan 2009 10:00:00 +0000\n\
Message-ID: <p1@site.example>\n\
\n\
All transfers fail since 08:00.\n\
\n\
From max@ngi.example Mon Jan  5 11:00:00 2009\n\
From: Max <max@ngi.example>\n\
Subject: Re: SRM down at IN2P3-CC\n\
Date: Mon, 05 Jan 2009 11:00:00 +0000\n\
Message-ID: <m1@ngi.example>\n\
References: <p1@site.example>\n\
\n\
The certificate of the door had expired; renewed.\n\
\n\
From pia@site.example Tue Jan  6 09:00:00 2009\n\
From: Pia Martin <pia@site.example>\n\
Subject: CE refuses jobs\n";

#[tokio::test]
async fn import_mbox_reports_its_counts_and_imports_once() {
    let dir = data_dir("import-mbox");
    let file = dir.join("ops.mbox");
    std::fs::write(&file, ARCHIVE).unwrap();
    let (folder, path) = (dir.to_str().unwrap(), file.to_str().unwrap());
    let args = ["import", "mbox", path, "--list", "ops", "--quiet", "--data-dir", folder];
    let first = guichet(&args);
    let out = text(&first.stdout);
    assert!(first.status.success(), "{out}{}", text(&first.stderr));
    assert!(
        out.contains("read 2 messages from 1 archive(s); 1 left out as unreadable"),
        "{out}"
    );
    assert!(out.contains("ops.mbox, byte "), "the broken tail is named: {out}");
    assert!(out.contains("headers never end"), "and why: {out}");
    assert!(
        out.contains("imported 2 messages into 1 new tickets; 0 imported before"),
        "{out}"
    );

    let second = guichet(&args);
    let out = text(&second.stdout);
    assert!(second.status.success());
    assert!(
        out.contains("imported 0 messages into 0 new tickets; 2 imported before"),
        "{out}"
    );

    let store = guichet_store::connect(&format!("sqlite://{folder}/guichet.db"))
        .await
        .unwrap();
    assert_eq!(store.ticket_count().await.unwrap(), 1);
    let ticket = store.ticket(guichet_domain::ids::TicketId(1)).await.unwrap().ticket;
    assert_eq!(ticket.subject, "SRM down at IN2P3-CC");
    assert_eq!(ticket.status, guichet_domain::status::Status::Closed);
}

#[tokio::test]
async fn import_of_a_missing_file_fails_with_its_name() {
    let dir = data_dir("import-missing");
    let folder = dir.to_str().unwrap();
    let missing = dir.join("nope.mbox");
    let output = guichet(&["import", "mbox", missing.to_str().unwrap(), "--data-dir", folder]);
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("nope.mbox"), "{}", text(&output.stderr));
}
