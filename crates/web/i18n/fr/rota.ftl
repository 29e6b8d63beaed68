# Les pages de la permanence de premier niveau, en français.

nav-rota = Permanence

rota-title = Permanence
rota-nav = Années de la permanence
rota-year-title = Permanence du premier niveau { $year }
rota-year-previous = ← { $year }
rota-year-next = { $year } →
rota-generated = Permanence générée avec la graine { $seed } (la même graine redonne le même tirage).
rota-not-generated = La permanence de { $year } n’est pas encore générée.
rota-week-start = Semaine du
rota-primary = Titulaire
rota-backup = Suppléant
rota-role = Rôle
rota-role-primary = titulaire
rota-role-backup = suppléant
rota-with = Avec

rota-generate-title = Générer une année
rota-generate-lead = Répartit équitablement la permanence de l’année entre les sites. Les semaines commencées et les tours fixés par un échange sont gardés.
rota-year = Année
rota-seed = Graine
rota-seed-hint = Facultative : la même graine redonne le même tirage.
rota-generate-button = Générer
rota-invalid-year = L’année est un nombre comme 2027.
rota-invalid-seed = La graine est un nombre entier, ou rien.
rota-generate-refused = La permanence ne peut pas être générée : { $reason }

rota-swaps-title = Échanges de tours
rota-swaps-none = Aucun échange n’a été proposé.
rota-swap-site = Site
rota-swap-week = Sa semaine
rota-swap-other-site = Autre site
rota-swap-other-week = Semaine de l’autre site
rota-swap-other-week-hint = Laisser vide pour céder le tour plutôt que l’échanger.
rota-swap-note = Note
rota-swap-state = État
rota-swap-actions = Actions
rota-swap-give-away = (cédé)
rota-swap-expired = sa semaine est passée
rota-swap-accept = Accepter
rota-swap-decline = Refuser
rota-swap-withdraw = Retirer
rota-swap-propose = Proposer un échange
rota-swap-propose-button = Proposer
rota-swap-refused = L’échange est refusé : { $reason }
rota-swap-state-proposed = proposé
rota-swap-state-accepted = accepté
rota-swap-state-declined = refusé
rota-swap-state-withdrawn = retiré
rota-choose-site = Choisissez les deux sites.
rota-invalid-date = Donnez la semaine par une date comme 2027-03-01.

rota-site-shifts = Prochains tours
rota-site-no-shifts = Ce site n’a aucun tour prévu.
rota-site-contacts = Contacts de permanence
rota-site-no-contacts = Aucun contact de permanence : toute l’unité de premier niveau est prévenue.
rota-away-until = absent jusqu’au { $date }
rota-contacts-edit = Qui assure les tours du site
rota-away-label = absent jusqu’au
rota-save = Enregistrer
rota-site-blackouts = Dates d’indisponibilité
rota-site-no-blackouts = Aucune date d’indisponibilité.
rota-blackouts-edit = Dates d’indisponibilité, une par ligne (AAAA-MM-JJ)
rota-blackouts-hint = Chaque date écarte le site de la permanence pour sa semaine.
rota-not-a-date = « { $date } » n’est pas une date comme 2027-03-01.
rota-done-saved = Enregistré.
rota-done-revoked = Le flux est révoqué : son adresse ne répond plus.

rota-feeds-title = Flux d’agenda
rota-feeds-lead = Une adresse secrète à laquelle un agenda s’abonne, avec les tours.
rota-feed-created = Nouveau flux — copiez son adresse maintenant, elle n’est montrée qu’une fois :
rota-feed-made = Flux créé { $at }
rota-feed-revoked = révoqué { $at }
rota-feed-revoke = Révoquer
rota-feed-create = Créer un flux

rota-on-shift-title = De permanence
rota-this-week = Cette semaine
rota-next-week = La semaine prochaine
rota-from = À partir du { $date }
rota-backup-stepped-in = Le suppléant a pris le relais.
rota-nobody-on-duty = Personne n’est de permanence : toute l’unité de premier niveau est prévenue.
rota-on-duty = De permanence :
rota-no-shift = Aucun tour prévu.
