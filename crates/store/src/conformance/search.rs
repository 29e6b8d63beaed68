//! Search: documents written with the change that makes their text,
//! matched by words, phrases, prefixes, alternatives and exclusions, with
//! French and English forms folded together; filters, numbers, and what
//! each viewer may find, knowledge-base answers included.

use guichet_domain::article::ArticleKind;
use guichet_domain::ids::{TicketId, TicketNumber, UserId};
use guichet_domain::knowledge::{AnswerTexts, AnswerVisibility, Bilingual};
use guichet_domain::role::Role;
use guichet_domain::search::{MatchQuery, SearchQuery};
use guichet_domain::status::Status;
use guichet_domain::ticket::{Ticket, Visibility};

use super::{change, first_level, now, ticket, user};
use crate::testing::TestStore;
use crate::*;

fn request(text: &str, viewer: SearchViewer) -> SearchRequest {
    let parsed = SearchQuery::parse(text).unwrap();
    SearchRequest {
        query: MatchQuery::of(&parsed).unwrap(),
        numbered: parsed
            .numbers
            .iter()
            .filter_map(|n| TicketNumber(*n).ticket_id())
            .collect(),
        filter: SearchFilter::default(),
        viewer,
        page: PageRequest { page: 1, per_page: 25 },
        weights: vec![],
        matched_by: None,
    }
}

async fn found(s: &dyn Store, request: &SearchRequest) -> Vec<SearchDoc> {
    s.search(request)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|h| h.doc)
        .collect()
}

async fn find(s: &dyn Store, text: &str) -> Vec<SearchDoc> {
    found(s, &request(text, SearchViewer::Supporter)).await
}

async fn add_article(s: &dyn Store, ticket: TicketId, kind: ArticleKind, body: &str, author: UserId) {
    let mut added = change();
    added.articles.push(NewArticle {
        ticket,
        kind,
        body: body.into(),
        html: None,
        author: Some(author),
        created_at: now(),
    });
    s.commit(added).await.unwrap();
}

/// Bulk-loads `count` copies of `template`, the `i`th with the subject and
/// description `texts(i)` and no articles; the first copy's id is the
/// template's plus one.
async fn load_copies(s: &dyn Store, template: &Ticket, count: i64, texts: impl Fn(i64) -> (String, String)) {
    let bulk: Vec<BulkTicket> = (0..count)
        .map(|i| {
            let (subject, description) = texts(i);
            BulkTicket {
                ticket: Ticket {
                    subject,
                    description,
                    cc: vec![],
                    ..template.clone()
                },
                articles: vec![],
            }
        })
        .collect();
    s.bulk_insert(bulk).await.unwrap();
}

async fn rewrite(s: &dyn Store, before: &Ticket, edit: impl FnOnce(&mut Ticket)) -> Ticket {
    let mut after = before.clone();
    edit(&mut after);
    let mut changed = change();
    changed.tickets.push(TicketWrite {
        before: before.clone(),
        after: after.clone(),
    });
    s.commit(changed).await.unwrap();
    s.ticket(before.id).await.unwrap().ticket
}

/// A committed ticket and its replies are found at once, by any word of
/// subject, description or reply, in any case and accent, by its French
/// or English forms; a rewritten subject is found by its new words only.
pub async fn search_finds_what_was_just_committed_by_its_forms(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let kim = user(s, "kim@example.org", Role::Requester).await;
    let pool = ticket(s, kim.id, "dCache pool refuses connections", unit).await;
    let other = ticket(s, kim.id, "Batch queue is slow", unit).await;
    add_article(
        s,
        pool.id,
        ArticleKind::PublicReply,
        "Les certificats ont expiré à l'été.",
        kim.id,
    )
    .await;
    let doc = SearchDoc::Ticket(pool.id);
    for text in [
        "DCACHE",
        "connection",
        "refused",
        "certificat",
        "EXPIRÉ",
        "expire",
        "ete",
    ] {
        assert_eq!(find(s, text).await, [doc], "{text}");
    }
    assert_eq!(find(s, "slow").await, [SearchDoc::Ticket(other.id)]);
    assert!(find(s, "absentword").await.is_empty());
    let renamed = rewrite(s, &pool, |t| t.subject = "xrootd door times out".into()).await;
    assert_eq!(find(s, "xrootd").await, [doc]);
    assert!(
        find(s, "dcache").await.is_empty(),
        "the old subject is gone from the index"
    );
    assert_eq!(find(s, "certificats").await, [doc], "the replies stay");
    assert_eq!(renamed.subject, "xrootd door times out");
}

/// Words must all match; `OR` gives alternatives; `-word` excludes;
/// phrases keep their order; prefixes find the words they begin.
pub async fn search_combines_words_phrases_prefixes_and_exclusions(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let kim = user(s, "kim@example.org", Role::Requester).await;
    let a = SearchDoc::Ticket(ticket(s, kim.id, "connection refused by the SRM", unit).await.id);
    let b = SearchDoc::Ticket(ticket(s, kim.id, "refused connection at the CE", unit).await.id);
    let c = SearchDoc::Ticket(ticket(s, kim.id, "certificate expired on the CE", unit).await.id);
    let sorted = |mut docs: Vec<SearchDoc>| {
        docs.sort_by_key(|d| d.id());
        docs
    };
    assert_eq!(sorted(find(s, "connection refused").await), [a, b]);
    assert_eq!(find(s, "\"connection refused\"").await, [a]);
    assert_eq!(sorted(find(s, "srm OR certificate").await), [a, c]);
    assert_eq!(find(s, "refused -srm").await, [b]);
    assert_eq!(find(s, "refused NOT \"at the ce\"").await, [a]);
    assert_eq!(find(s, "certif*").await, [c]);
    assert_eq!(find(s, "certificat*").await, [c]);
    assert_eq!(sorted(find(s, "ce*").await), [b, c]);
    for broken in ["\"unbalanced", "OR", "a:b(c", "NEAR(x y)", "\"\"", "*", "-"] {
        let parsed = SearchQuery::parse(broken);
        if let Ok(parsed) = parsed
            && let Some(query) = MatchQuery::of(&parsed)
        {
            let mut asked = request("x", SearchViewer::Supporter);
            asked.query = query;
            s.search(&asked).await.unwrap_or_else(|e| panic!("{broken:?}: {e}"));
        }
    }
}

/// A subject word ranks above a word of the body; a ticket's number finds
/// it first; a deep page and the count agree.
pub async fn search_ranks_and_pages(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let kim = user(s, "kim@example.org", Role::Requester).await;
    let in_body = ticket(s, kim.id, "Batch system trouble", unit).await;
    add_article(
        s,
        in_body.id,
        ArticleKind::PublicReply,
        "The squid proxy again.",
        kim.id,
    )
    .await;
    let in_subject = ticket(s, kim.id, "squid proxy down", unit).await;
    let ranked = find(s, "squid").await;
    assert_eq!(
        ranked,
        [SearchDoc::Ticket(in_subject.id), SearchDoc::Ticket(in_body.id)]
    );
    let number = in_body.number();
    let by_number = find(s, &format!("{number} squid")).await;
    assert_eq!(by_number.first(), Some(&SearchDoc::Ticket(in_body.id)), "named first");
    let by_number_only = find(s, &number.to_string()).await;
    assert_eq!(by_number_only, [SearchDoc::Ticket(in_body.id)]);
    for i in 0..7 {
        ticket(s, kim.id, &format!("squid number {i}"), unit).await;
    }
    let mut asked = request("squid", SearchViewer::Supporter);
    asked.page = PageRequest { page: 2, per_page: 4 };
    let page = s.search(&asked).await.unwrap();
    assert_eq!((page.total, page.total_exact), (9, true));
    assert_eq!(page.items.len(), 4);
    asked.page = PageRequest { page: 3, per_page: 4 };
    assert_eq!(s.search(&asked).await.unwrap().items.len(), 1);
    let hit = &s
        .search(&request("squid down", SearchViewer::Supporter))
        .await
        .unwrap()
        .items[0];
    assert_eq!(hit.title, "squid proxy down");
    assert_eq!(hit.texts, ["It broke."], "the description is the first text");
}

/// Filters keep the tickets they name.
pub async fn search_filters_tickets(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let kim = user(s, "kim@example.org", Role::Requester).await;
    let open = ticket(s, kim.id, "storage full", unit).await;
    let solved = ticket(s, kim.id, "storage full again", unit).await;
    let solved = rewrite(s, &solved, |t| {
        t.status = Status::Solved;
        t.qualifier = Some(guichet_domain::status::Qualifier::Fixed);
    })
    .await;
    let mut asked = request("storage", SearchViewer::Supporter);
    asked.filter.statuses = vec![Status::Solved];
    assert_eq!(found(s, &asked).await, [SearchDoc::Ticket(solved.id)]);
    asked.filter.statuses = vec![Status::New];
    assert_eq!(found(s, &asked).await, [SearchDoc::Ticket(open.id)]);
    asked.filter = SearchFilter {
        unit: Some(unit),
        opened_from: Some(now() - chrono::Duration::hours(1)),
        opened_until: Some(now() + chrono::Duration::hours(1)),
        ..SearchFilter::default()
    };
    assert_eq!(found(s, &asked).await.len(), 2);
    asked.filter.opened_until = Some(now() - chrono::Duration::minutes(30));
    assert!(found(s, &asked).await.is_empty());
    asked.filter = SearchFilter {
        site: Some(guichet_domain::ids::SiteId(999)),
        ..SearchFilter::default()
    };
    assert!(found(s, &asked).await.is_empty());
}

/// A requester never finds a private ticket but their own, nor internal
/// notes, not even by number; supporters find both.
pub async fn search_keeps_private_tickets_and_notes_from_requesters(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let kim = user(s, "kim@example.org", Role::Requester).await;
    let lee = user(s, "lee@example.org", Role::Requester).await;
    let expert = user(s, "expert@example.org", Role::Supporter).await;
    let public = ticket(s, kim.id, "tape robot stuck", unit).await;
    let private = ticket(s, kim.id, "tape library private", unit).await;
    let private = rewrite(s, &private, |t| t.visibility = Visibility::Private).await;
    add_article(
        s,
        public.id,
        ArticleKind::InternalNote,
        "secret tape passphrase",
        expert.id,
    )
    .await;
    let lee = SearchViewer::Requester(lee.id);
    let lee_sees = async |text: &str| found(s, &request(text, lee)).await;
    assert_eq!(lee_sees("tape").await, [SearchDoc::Ticket(public.id)]);
    assert!(lee_sees("passphrase").await.is_empty(), "no internal note");
    assert!(lee_sees("library").await.is_empty(), "no private ticket");
    assert!(
        lee_sees(&private.number().to_string()).await.is_empty(),
        "not by number"
    );
    let kim_viewer = SearchViewer::Requester(kim.id);
    let kim_sees = async |text: &str| found(s, &request(text, kim_viewer)).await;
    assert_eq!(kim_sees("library").await, [SearchDoc::Ticket(private.id)], "their own");
    assert!(kim_sees("passphrase").await.is_empty());
    assert_eq!(find(s, "passphrase").await, [SearchDoc::Notes(public.id)]);
    assert_eq!(find(s, "library").await, [SearchDoc::Ticket(private.id)]);
    let hit = &s
        .search(&request("passphrase", SearchViewer::Supporter))
        .await
        .unwrap()
        .items[0];
    assert_eq!(hit.texts, ["secret tape passphrase"], "a note's texts are the notes");
    let anyone = |text: &str| request(text, SearchViewer::Public);
    assert_eq!(found(s, &anyone("tape")).await, [SearchDoc::Ticket(public.id)]);
    assert!(
        found(s, &anyone("library")).await.is_empty(),
        "not even the submitter's"
    );
    assert!(found(s, &anyone("passphrase")).await.is_empty());
    let page = s.search(&request("tape", lee)).await.unwrap();
    assert_eq!(page.total, 1, "the count keeps to what they may find");
    assert!(
        page.items
            .iter()
            .all(|h| h.texts.iter().all(|t| !t.contains("passphrase")))
    );
    // An internal answer is a supporters' document too; a public one is
    // everyone's (see the knowledge-base suite for the rest).
    let answer = |title: &str, visibility| NewAnswer {
        input: AnswerInput {
            category: None,
            unit: None,
            visibility,
            texts: AnswerTexts {
                title: Bilingual {
                    en: title.into(),
                    fr: String::new(),
                },
                body: Bilingual {
                    en: "Reload the tape robot.".into(),
                    fr: String::new(),
                },
            },
        },
        source_ticket: None,
        author: expert.id,
        at: now(),
    };
    let internal = s
        .create_answer(answer("Robot runbook", AnswerVisibility::Internal))
        .await
        .unwrap();
    let faq = s
        .create_answer(answer("Robot FAQ", AnswerVisibility::Public))
        .await
        .unwrap();
    let (internal, faq) = (SearchDoc::Answer(internal.id), SearchDoc::Answer(faq.id));
    for viewer in [lee, kim_viewer, SearchViewer::Public] {
        assert_eq!(found(s, &request("runbook", viewer)).await, [], "{viewer:?}");
        assert_eq!(found(s, &request("robot faq", viewer)).await, [faq], "{viewer:?}");
    }
    assert_eq!(find(s, "runbook").await, [internal]);
}

/// The bulk loader indexes what it loads.
pub async fn bulk_loaded_tickets_are_found(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let kim = user(s, "kim@example.org", Role::Requester).await;
    let template = ticket(s, kim.id, "template", unit).await;
    let bulk: Vec<BulkTicket> = (0..30)
        .map(|i| BulkTicket {
            ticket: Ticket {
                subject: format!("loaded {i}"),
                description: format!("marker{i} body"),
                cc: vec![],
                ..template.clone()
            },
            articles: vec![NewArticle {
                ticket: TicketId(0),
                kind: if i == 7 {
                    ArticleKind::InternalNote
                } else {
                    ArticleKind::PublicReply
                },
                body: format!("reply word{i}"),
                html: None,
                author: Some(kim.id),
                created_at: now(),
            }],
        })
        .collect();
    s.bulk_insert(bulk).await.unwrap();
    let id = |i: i64| TicketId(template.id.0 + 1 + i);
    assert_eq!(find(s, "marker12").await, [SearchDoc::Ticket(id(12))]);
    assert_eq!(find(s, "word3").await, [SearchDoc::Ticket(id(3))]);
    assert_eq!(find(s, "word7").await, [SearchDoc::Notes(id(7))]);
    assert_eq!(
        s.search(&request("loaded", SearchViewer::Supporter))
            .await
            .unwrap()
            .total,
        30
    );
    assert!(s.search_index_bytes().await.unwrap() > 0);
}

/// A similar-cases request for `tokens`, any of which matches.
fn similar_request(words: &[&str], viewer: SearchViewer) -> SearchRequest {
    let tokens: Vec<String> = words
        .iter()
        .map(|w| guichet_domain::search::normalise::index_word(w))
        .collect();
    SearchRequest {
        query: guichet_domain::search::similar::query_of(&tokens).unwrap(),
        numbered: vec![],
        filter: SearchFilter {
            solved_cases: true,
            ..SearchFilter::default()
        },
        viewer,
        page: PageRequest { page: 1, per_page: 5 },
        weights: vec![],
        matched_by: None,
    }
}

async fn solve(s: &dyn Store, before: &Ticket, status: Status, qualifier: guichet_domain::status::Qualifier) -> Ticket {
    rewrite(s, before, |t| {
        t.status = status;
        t.qualifier = Some(qualifier);
    })
    .await
}

/// Similar cases are solved tickets only (solved, verified or closed, not
/// closed as a duplicate or invalid), ranked by how many of the words they
/// share, each with its last solution; never the ticket asked about, and
/// never what the viewer may not see.
pub async fn similar_cases_are_solved_tickets_with_their_solutions(t: TestStore) {
    use guichet_domain::status::Qualifier;
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let kim = user(s, "kim@example.org", Role::Requester).await;
    let lee = user(s, "lee@example.org", Role::Requester).await;
    let expert = user(s, "expert@example.org", Role::Supporter).await;
    let both = ticket(s, kim.id, "squid proxy cache full", unit).await;
    add_article(s, both.id, ArticleKind::Solution, "First try.", expert.id).await;
    add_article(s, both.id, ArticleKind::Solution, "Purged the squid cache.", expert.id).await;
    let both = solve(s, &both, Status::Verified, Qualifier::Fixed).await;
    let one = ticket(s, kim.id, "squid restarted", unit).await;
    let one = solve(s, &one, Status::Closed, Qualifier::FixedWorkaround).await;
    let open = ticket(s, kim.id, "squid cache full again", unit).await;
    let duplicate = ticket(s, kim.id, "squid cache duplicate", unit).await;
    solve(s, &duplicate, Status::Unsolved, Qualifier::Duplicate).await;
    let closed_duplicate = ticket(s, kim.id, "squid cache closed duplicate", unit).await;
    solve(s, &closed_duplicate, Status::Closed, Qualifier::Duplicate).await;
    let private = ticket(s, kim.id, "squid cache private", unit).await;
    let private = rewrite(s, &private, |t| t.visibility = Visibility::Private).await;
    let private = solve(s, &private, Status::Solved, Qualifier::Fixed).await;
    add_article(s, one.id, ArticleKind::InternalNote, "squid cache secret", expert.id).await;

    let asked = similar_request(&["squid", "cache"], SearchViewer::Supporter);
    let hits = s.similar(&asked).await.unwrap();
    let docs: Vec<SearchDoc> = hits.iter().map(|h| h.hit.doc).collect();
    assert_eq!(docs.len(), 3, "{docs:?}");
    assert_eq!(docs[2], SearchDoc::Ticket(one.id), "one shared word ranks last");
    assert!(docs.contains(&SearchDoc::Ticket(both.id)) && docs.contains(&SearchDoc::Ticket(private.id)));
    assert!(!docs.contains(&SearchDoc::Ticket(open.id)), "not an open ticket");
    assert!(!docs.contains(&SearchDoc::Notes(one.id)), "not notes");
    let best = hits.iter().find(|h| h.hit.doc == SearchDoc::Ticket(both.id)).unwrap();
    assert_eq!(
        best.solution.as_deref(),
        Some("Purged the squid cache."),
        "the last solution"
    );
    assert_eq!(best.hit.title, "squid proxy cache full");
    assert_eq!(hits[2].solution, None);

    let mut except = asked.clone();
    except.filter.except = Some(both.id);
    let docs: Vec<SearchDoc> = s.similar(&except).await.unwrap().iter().map(|h| h.hit.doc).collect();
    assert!(!docs.contains(&SearchDoc::Ticket(both.id)) && docs.len() == 2);

    let as_lee = similar_request(&["squid", "cache"], SearchViewer::Requester(lee.id));
    let docs: Vec<SearchDoc> = s.similar(&as_lee).await.unwrap().iter().map(|h| h.hit.doc).collect();
    assert!(
        !docs.contains(&SearchDoc::Ticket(private.id)),
        "not someone else's private ticket"
    );
    assert_eq!(docs.len(), 2);
    let as_kim = similar_request(&["squid", "cache"], SearchViewer::Requester(kim.id));
    assert_eq!(s.similar(&as_kim).await.unwrap().len(), 3, "their own private ticket");
    let anyone = similar_request(&["squid"], SearchViewer::Public);
    assert_eq!(s.similar(&anyone).await.unwrap().len(), 2);
}

/// Documents are counted per token, up to the cap.
pub async fn search_doc_counts_are_capped(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let kim = user(s, "kim@example.org", Role::Requester).await;
    for i in 0..4 {
        ticket(s, kim.id, &format!("counted word{i}"), unit).await;
    }
    let tokens = ["counted", "word2", "nowhere"].map(guichet_domain::search::normalise::index_word);
    assert_eq!(s.search_doc_counts(&tokens, 10).await.unwrap(), [4, 1, 0]);
    assert_eq!(s.search_doc_counts(&tokens, 3).await.unwrap(), [3, 1, 0]);
    assert!(s.search_doc_counts(&[], 3).await.unwrap().is_empty());
}

/// A word in thousands of tickets still finds, among the newest matches
/// those whose titles have it first, then the newest, counted up to a
/// thousand.
pub async fn search_ranks_a_common_word_by_title_then_newest(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let kim = user(s, "kim@example.org", Role::Requester).await;
    let template = ticket(s, kim.id, "template", unit).await;
    load_copies(s, &template, 5_200, |i| {
        let subject = if i == 5_000 || i == 5_100 {
            format!("ubiquitous trouble {i}")
        } else {
            format!("trouble {i}")
        };
        (subject, "Something ubiquitous broke.".into())
    })
    .await;
    let id = |i: i64| TicketId(template.id.0 + 1 + i);
    let page = s.search(&request("ubiquitous", SearchViewer::Supporter)).await.unwrap();
    let docs: Vec<SearchDoc> = page.items.iter().map(|h| h.doc).collect();
    assert_eq!(docs.len(), 25);
    assert_eq!(
        docs[..2],
        [SearchDoc::Ticket(id(5_100)), SearchDoc::Ticket(id(5_000))],
        "titles first"
    );
    assert_eq!(docs[2], SearchDoc::Ticket(id(5_199)), "then the newest");
    assert_eq!((page.total, page.total_exact), (1_000, false));
}

/// A thousand matches and more, behind thousands of newer tickets that do
/// not match, are still ranked newest first, on any page: where the index
/// yields matches in no order, the windows of newest documents widen
/// until they hold enough.
pub async fn search_finds_the_newest_matches_behind_newer_tickets(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let kim = user(s, "kim@example.org", Role::Requester).await;
    let template = ticket(s, kim.id, "template", unit).await;
    let matching = |i: i64| i < 1_100 || i == 4_600;
    load_copies(s, &template, 4_601, |i| {
        let description = if matching(i) {
            "Something ubiquitous broke."
        } else {
            "Something else broke."
        };
        (format!("trouble {i}"), description.into())
    })
    .await;
    let id = |i: i64| SearchDoc::Ticket(TicketId(template.id.0 + 1 + i));
    let first = s.search(&request("ubiquitous", SearchViewer::Supporter)).await.unwrap();
    let docs: Vec<SearchDoc> = first.items.iter().map(|h| h.doc).collect();
    assert_eq!(docs.len(), 25);
    assert_eq!(docs[..3], [id(4_600), id(1_099), id(1_098)], "the newest first");
    assert_eq!(
        (first.total, first.total_exact),
        (1_000, false),
        "counted past the newest documents, which hold about 500 matches"
    );
    let mut deep = request("ubiquitous", SearchViewer::Supporter);
    deep.page.page = 12;
    let docs: Vec<SearchDoc> = s.search(&deep).await.unwrap().items.iter().map(|h| h.doc).collect();
    assert_eq!(docs.len(), 25, "a page past the first candidates");
    assert_eq!(docs[0], id(825), "the 276th newest match");
    assert_eq!(docs[24], id(801));
}

/// Once the planner's statistics know a word is everywhere, it is still
/// counted up to the cap, and the rare words beside it exactly.
pub async fn search_doc_counts_agree_with_the_statistics(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let kim = user(s, "kim@example.org", Role::Requester).await;
    let template = ticket(s, kim.id, "singular", unit).await;
    load_copies(s, &template, 400, |i| {
        (format!("omnipresent {i}"), "Everywhere.".into())
    })
    .await;
    s.refresh_statistics().await.unwrap();
    let tokens = ["omnipresent", "singular", "nowhere"].map(guichet_domain::search::normalise::index_word);
    assert_eq!(s.search_doc_counts(&tokens, 20).await.unwrap(), [20, 1, 0]);
    assert_eq!(s.search_doc_counts(&tokens, 1_000).await.unwrap(), [400, 1, 0]);
}

/// Similar cases matched by their rare words only: an old case with a
/// rare word is found behind thousands of newer cases with a common one,
/// which only weighs in the ranking.
pub async fn similar_cases_are_matched_by_the_words_within_the_budget(t: TestStore) {
    use guichet_domain::search::similar::{COUNT_CAP, weight};
    use guichet_domain::status::Qualifier;
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let kim = user(s, "kim@example.org", Role::Requester).await;
    let old = ticket(s, kim.id, "xrootd redirector e4711 stalls", unit).await;
    let old = solve(s, &old, Status::Verified, Qualifier::Fixed).await;
    load_copies(s, &old, 2_600, |i| {
        (format!("xrootd stalls {i}"), "The xrootd door stalls.".into())
    })
    .await;
    let newer = ticket(s, kim.id, "error e4711 on the door", unit).await;
    let newer = solve(s, &newer, Status::Solved, Qualifier::Fixed).await;
    let mut asked = similar_request(&["e4711", "xrootd"], SearchViewer::Supporter);
    asked.weights = vec![weight(2), weight(COUNT_CAP)];
    asked.matched_by = Some(1);
    let docs: Vec<SearchDoc> = s.similar(&asked).await.unwrap().iter().map(|h| h.hit.doc).collect();
    assert_eq!(docs.len(), 2, "only the cases with the rare word: {docs:?}");
    assert!(
        docs.contains(&SearchDoc::Ticket(old.id)),
        "the old case, behind 2,600 newer ones"
    );
    assert!(docs.contains(&SearchDoc::Ticket(newer.id)));
}
