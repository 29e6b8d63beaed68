//! The knowledge base and the portal: answers with their categories and
//! units, written with their search document; portal links; tickets'
//! citations of both.

use guichet_domain::ids::{AnswerId, CategoryId, UnitId, UserId};
use guichet_domain::knowledge::{Answer, AnswerTexts, AnswerVisibility, Bilingual, CitationTarget, PortalLinkKind};
use guichet_domain::role::Role;
use guichet_domain::search::{MatchQuery, SearchQuery};

use super::{first_level, now, ticket, user};
use crate::testing::TestStore;
use crate::*;

fn texts(title: &str, body: &str) -> AnswerTexts {
    AnswerTexts {
        title: Bilingual {
            en: title.into(),
            fr: format!("{title} (fr)"),
        },
        body: Bilingual {
            en: body.into(),
            fr: "Voir la version anglaise.".into(),
        },
    }
}

fn input(title: &str, body: &str, visibility: AnswerVisibility) -> AnswerInput {
    AnswerInput {
        category: None,
        unit: None,
        visibility,
        texts: texts(title, body),
    }
}

async fn write(s: &dyn Store, input: AnswerInput, author: UserId) -> Answer {
    s.create_answer(NewAnswer {
        input,
        source_ticket: None,
        author,
        at: now(),
    })
    .await
    .unwrap()
}

/// The documents `viewer` finds for `text` with `filter`.
async fn search(s: &dyn Store, text: &str, viewer: SearchViewer, filter: SearchFilter) -> Vec<SearchDoc> {
    let parsed = SearchQuery::parse(text).unwrap();
    let request = SearchRequest {
        query: MatchQuery::of(&parsed).unwrap(),
        numbered: Vec::new(),
        filter,
        viewer,
        page: PageRequest { page: 1, per_page: 25 },
        weights: vec![],
        matched_by: None,
    };
    s.search(&request)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|h| h.doc)
        .collect()
}

async fn find(s: &dyn Store, text: &str, viewer: SearchViewer) -> Vec<SearchDoc> {
    search(s, text, viewer, SearchFilter::default()).await
}

/// Answers are stored with both versions, their category and unit, listed
/// by unit, category and visibility, replaced and deleted.
pub async fn answers_are_written_listed_and_deleted(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let sam = user(s, "sam@example.org", Role::Supporter).await;
    let storage = s
        .create_kb_category(&Bilingual {
            en: "Storage".into(),
            fr: "Stockage".into(),
        })
        .await
        .unwrap();
    let faq = write(
        s,
        AnswerInput {
            category: Some(storage.id),
            unit: Some(unit),
            ..input("Pool is full", "Clean it.", AnswerVisibility::Public)
        },
        sam.id,
    )
    .await;
    let internal = write(
        s,
        input("Restart the door", "Use **systemctl**.", AnswerVisibility::Internal),
        sam.id,
    )
    .await;
    assert_eq!(s.answer(faq.id).await.unwrap(), faq);
    assert_eq!(faq.texts.title.fr, "Pool is full (fr)");
    assert_eq!(faq.category, Some(storage.id));
    let all = s.answers(&AnswerFilter::default()).await.unwrap();
    assert_eq!(all.iter().map(|a| a.id).collect::<Vec<_>>(), [faq.id, internal.id]);
    let of_unit = AnswerFilter {
        unit: Some(unit),
        ..AnswerFilter::default()
    };
    assert_eq!(s.answers(&of_unit).await.unwrap(), std::slice::from_ref(&faq));
    let public = AnswerFilter {
        public_only: true,
        ..AnswerFilter::default()
    };
    assert_eq!(s.answers(&public).await.unwrap(), std::slice::from_ref(&faq));
    let in_category = AnswerFilter {
        category: Some(storage.id),
        ..AnswerFilter::default()
    };
    assert_eq!(s.answers(&in_category).await.unwrap().len(), 1);
    assert_eq!(s.kb_categories().await.unwrap(), std::slice::from_ref(&storage));
    let renamed = Bilingual {
        en: "Disk storage".into(),
        fr: "Stockage disque".into(),
    };
    let storage = s.rename_kb_category(storage.id, &renamed).await.unwrap();
    assert_eq!(s.kb_categories().await.unwrap(), std::slice::from_ref(&storage));
    assert_eq!(storage.name, renamed);
    assert!(matches!(
        s.rename_kb_category(CategoryId(storage.id.0 + 100), &renamed).await,
        Err(StoreError::NotFound("category"))
    ));

    let changed = s
        .update_answer(
            faq.id,
            input("Pool is empty", "Fill it.", AnswerVisibility::Internal),
            now(),
        )
        .await
        .unwrap();
    assert_eq!(changed.texts.title.en, "Pool is empty");
    assert_eq!(changed.category, None);
    assert_eq!(changed.visibility, AnswerVisibility::Internal);
    assert!(matches!(
        s.update_answer(AnswerId(9_999), input("x", "y", AnswerVisibility::Public), now())
            .await,
        Err(StoreError::NotFound("answer"))
    ));
    let bad_unit = AnswerInput {
        unit: Some(UnitId(9_999)),
        ..input("x", "y", AnswerVisibility::Public)
    };
    assert!(matches!(
        s.create_answer(NewAnswer {
            input: bad_unit,
            source_ticket: None,
            author: sam.id,
            at: now()
        })
        .await,
        Err(StoreError::NotFound("unit"))
    ));
    s.delete_kb_category(storage.id).await.unwrap();
    assert!(s.kb_categories().await.unwrap().is_empty());
    s.delete_answer(internal.id).await.unwrap();
    assert!(matches!(
        s.answer(internal.id).await,
        Err(StoreError::NotFound("answer"))
    ));
    assert!(matches!(
        s.delete_answer(internal.id).await,
        Err(StoreError::NotFound("answer"))
    ));
}

/// An answer is found as soon as it is written, by its words in either
/// language; an internal one by supporters only; never after it is
/// deleted; a filter only tickets have leaves answers out, the unit's
/// keeps that unit's FAQ.
pub async fn answers_are_searchable_by_who_may_read_them(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let sam = user(s, "sam@example.org", Role::Supporter).await;
    let kim = user(s, "kim@example.org", Role::Requester).await;
    let public = write(
        s,
        AnswerInput {
            unit: Some(unit),
            ..input(
                "Proxy certificate expired",
                "Renew the proxy.",
                AnswerVisibility::Public,
            )
        },
        sam.id,
    )
    .await;
    let internal = write(
        s,
        input("Proxy renewal internals", "Ask the CA.", AnswerVisibility::Internal),
        sam.id,
    )
    .await;
    let issue = ticket(s, kim.id, "My proxy stopped working", unit).await;
    let (public_doc, internal_doc) = (SearchDoc::Answer(public.id), SearchDoc::Answer(internal.id));
    let mut supporter = find(s, "proxy", SearchViewer::Supporter).await;
    supporter.sort_by_key(|d| d.id());
    assert_eq!(supporter, [SearchDoc::Ticket(issue.id), public_doc, internal_doc]);
    for viewer in [SearchViewer::Requester(kim.id), SearchViewer::Public] {
        let found = find(s, "proxy", viewer).await;
        assert!(found.contains(&public_doc), "{viewer:?}");
        assert!(
            !found.contains(&internal_doc),
            "{viewer:?} never finds an internal answer"
        );
        assert!(find(s, "internals", viewer).await.is_empty());
    }
    assert_eq!(
        find(s, "anglaise", SearchViewer::Public).await,
        [public_doc],
        "the French body"
    );
    let hit = s
        .search(&SearchRequest {
            query: MatchQuery::of(&SearchQuery::parse("renew").unwrap()).unwrap(),
            numbered: Vec::new(),
            filter: SearchFilter::default(),
            viewer: SearchViewer::Public,
            page: PageRequest { page: 1, per_page: 5 },
            weights: vec![],
            matched_by: None,
        })
        .await
        .unwrap();
    assert_eq!(hit.total, 1);
    assert_eq!(hit.items[0].title, "Proxy certificate expired");
    assert!(hit.items[0].texts.iter().any(|t| t == "Renew the proxy."));

    let statuses = SearchFilter {
        statuses: vec![guichet_domain::status::Status::Assigned],
        ..SearchFilter::default()
    };
    assert!(
        !search(s, "proxy", SearchViewer::Supporter, statuses)
            .await
            .iter()
            .any(|d| d.ticket().is_none())
    );
    let other = s
        .create_unit(UnitInput {
            name: "Storage".into(),
            kind: guichet_domain::reference::UnitKind::Expertise,
            qos_level: guichet_domain::reference::QosLevel::Base,
            email: None,
            members: vec![],
        })
        .await
        .unwrap();
    let of_other = SearchFilter {
        unit: Some(other.id),
        ..SearchFilter::default()
    };
    assert!(search(s, "proxy", SearchViewer::Supporter, of_other).await.is_empty());
    let of_unit = SearchFilter {
        unit: Some(unit),
        ..SearchFilter::default()
    };
    let mut found = search(s, "proxy", SearchViewer::Supporter, of_unit).await;
    found.sort_by_key(|d| d.id());
    assert_eq!(found, [SearchDoc::Ticket(issue.id), public_doc]);

    s.update_answer(
        public.id,
        input("Token lifetime", "Renew it.", AnswerVisibility::Public),
        now(),
    )
    .await
    .unwrap();
    assert!(
        !find(s, "certificate", SearchViewer::Public).await.contains(&public_doc),
        "rewritten"
    );
    assert_eq!(find(s, "lifetime", SearchViewer::Public).await, [public_doc]);
    s.delete_answer(public.id).await.unwrap();
    assert!(
        find(s, "lifetime", SearchViewer::Supporter).await.is_empty(),
        "deleted with its answer"
    );
}

/// Portal links are listed by position, replaced and deleted.
pub async fn portal_links_are_ordered_replaced_and_deleted(t: TestStore) {
    let s = t.store.as_ref();
    let link = |kind, url: &str, position| PortalLinkInput {
        kind,
        url: url.into(),
        label: Bilingual {
            en: format!("{url} en"),
            fr: format!("{url} fr"),
        },
        position,
    };
    let forum = s
        .create_portal_link(link(PortalLinkKind::Forum, "https://forum.example.org", 2))
        .await
        .unwrap();
    let faq = s.create_portal_link(link(PortalLinkKind::Faq, "/kb", 1)).await.unwrap();
    let order: Vec<_> = s.portal_links().await.unwrap().into_iter().map(|l| l.id).collect();
    assert_eq!(order, [faq.id, forum.id]);
    let moved = s
        .update_portal_link(
            forum.id,
            link(PortalLinkKind::Documentation, "https://docs.example.org", 0),
        )
        .await
        .unwrap();
    assert_eq!(moved.kind, PortalLinkKind::Documentation);
    assert_eq!(moved.label.fr, "https://docs.example.org fr");
    assert_eq!(s.portal_links().await.unwrap()[0], moved);
    s.delete_portal_link(faq.id).await.unwrap();
    assert!(matches!(
        s.portal_link(faq.id).await,
        Err(StoreError::NotFound("portal link"))
    ));
    assert!(matches!(
        s.delete_portal_link(faq.id).await,
        Err(StoreError::NotFound("portal link"))
    ));
}

/// A ticket cites answers and portal links, each once; a promoted answer
/// is cited by its ticket; citations go with what they cite.
pub async fn tickets_cite_answers_and_portal_links(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let sam = user(s, "sam@example.org", Role::Supporter).await;
    let issue = ticket(s, sam.id, "Jobs fail at the CE", unit).await;
    let promoted = s
        .create_answer(NewAnswer {
            input: input("Jobs fail", "Clear the cache.", AnswerVisibility::Internal),
            source_ticket: Some(issue.id),
            author: sam.id,
            at: now(),
        })
        .await
        .unwrap();
    assert_eq!(promoted.source_ticket, Some(issue.id));
    assert_eq!(s.citing_tickets(promoted.id).await.unwrap(), [issue.id]);
    let other = write(s, input("Other", "Text.", AnswerVisibility::Public), sam.id).await;
    let forum = s
        .create_portal_link(PortalLinkInput {
            kind: PortalLinkKind::Forum,
            url: "https://forum.example.org".into(),
            label: Bilingual {
                en: "Forum".into(),
                fr: "Forum".into(),
            },
            position: 0,
        })
        .await
        .unwrap();
    let second = ticket(s, sam.id, "Second", unit).await;
    let cite = |ticket, target| s.cite(ticket, target, sam.id, now());
    assert!(cite(second.id, CitationTarget::Answer(other.id)).await.unwrap());
    assert!(
        !cite(second.id, CitationTarget::Answer(other.id)).await.unwrap(),
        "once"
    );
    assert!(cite(second.id, CitationTarget::PortalLink(forum.id)).await.unwrap());
    assert!(cite(issue.id, CitationTarget::Answer(other.id)).await.unwrap());
    let targets: Vec<_> = s
        .citations(second.id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.target)
        .collect();
    assert_eq!(
        targets,
        [CitationTarget::Answer(other.id), CitationTarget::PortalLink(forum.id)]
    );
    assert_eq!(s.citing_tickets(other.id).await.unwrap(), [issue.id, second.id]);
    assert!(matches!(
        cite(second.id, CitationTarget::Answer(AnswerId(9_999))).await,
        Err(StoreError::NotFound("answer"))
    ));
    assert!(matches!(
        cite(guichet_domain::ids::TicketId(9_999), CitationTarget::Answer(other.id)).await,
        Err(StoreError::NotFound("ticket"))
    ));
    assert!(s.uncite(second.id, CitationTarget::Answer(other.id)).await.unwrap());
    assert!(!s.uncite(second.id, CitationTarget::Answer(other.id)).await.unwrap());
    s.delete_portal_link(forum.id).await.unwrap();
    assert!(s.citations(second.id).await.unwrap().is_empty());
    s.delete_answer(other.id).await.unwrap();
    assert!(s.citing_tickets(other.id).await.unwrap().is_empty());
    assert_eq!(
        s.citations(issue.id).await.unwrap().len(),
        1,
        "the promoted answer's stays"
    );
}
