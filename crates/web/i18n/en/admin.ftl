# The administration pages, in English. Every message here exists in
# fr/admin.ftl too (a test checks).

admin-title = Administration
admin-lead = Accounts and the reference data tickets are filled in with. Changes apply at once.
admin-crumbs = You are here
admin-users-about = people, their role, their password and certificate DN
admin-units-about = support units, their quality-of-support level, address and members
admin-sites-about = resource centres and their NGI; each has its own unit
admin-vo-about = the user communities tickets may concern
admin-issue-type-about = the areas a ticket is filed under
admin-routing-about = which unit each type of issue goes to

admin-name = Name
admin-email = E-mail address
admin-role = Role
admin-account = Account
admin-enabled = active
admin-disabled = disabled
admin-add = Add
admin-save = Save
admin-delete = Delete
admin-delete-heading = Delete
admin-empty = Nothing here yet.
admin-done-created = Added.
admin-done-saved = Changes saved.
admin-done-deleted = Deleted.

admin-name-invalid = One line of at most 200 characters.
admin-name-taken = This name is already taken.
admin-email-invalid = This is not a valid e-mail address.
admin-email-taken = An account with this address already exists.
admin-password-short = A password needs at least 8 characters.
admin-choose = Choose one of the list.
admin-member-unknown = One of the chosen people no longer has an account; reload the page.
admin-in-use = Tickets or other records still refer to it, so it cannot be deleted.

admin-users-title = Users
admin-users-total = { $count ->
    [one] one account
   *[other] { $count } accounts
}
admin-user-new-title = Add a user
admin-user-edit-title = User { $name }
admin-password = Password (optional)
admin-password-hint = At least 8 characters. Without one, the account signs in with API tokens only.
admin-new-password = New password
admin-new-password-hint = Leave empty to keep the current password.
admin-dn = Certificate DN (optional)
admin-dn-hint = For example /DC=org/DC=example/CN=Ana Martin.
admin-disable = Disable this account (it can no longer sign in)
admin-user-delete-hint = Only an account that never submitted, wrote or changed anything can be deleted; disable the others.
admin-user-in-use = This user has tickets, articles or history: disable the account instead.
admin-self-delete = You cannot delete your own account.
admin-self-disable = You cannot disable your own account; ask another administrator.
admin-self-demote = You cannot take away your own administrator role; ask another administrator.

admin-units-title = Support units
admin-unit-new-title = Add a unit
admin-unit-edit-title = Unit { $name }
admin-kind = Kind
admin-kind-first-level = first-level support
admin-kind-expertise = expertise
admin-kind-site = site
admin-qos = Quality-of-support level
admin-qos-base = base
admin-qos-medium = medium
admin-qos-advanced = advanced
admin-unit-email = Unit's e-mail address
admin-unit-email-hint = Optional: the unit's shared mailbox.
admin-members = Members
admin-members-hint = People with a support role, and the unit's current members.
admin-members-none = No one has a support role yet.
admin-unit-delete-hint = A unit that tickets or a site refer to cannot be deleted; its routing rules go with it.

admin-sites-title = Sites
admin-site-add = Add a site
admin-site-edit-title = Site { $name }
admin-ngi = NGI
admin-ngi-hint = The national grid initiative, e.g. NGI_FRANCE; optional.
admin-site-unit = Site's unit
admin-site-rename-hint = The site's unit is renamed with it.
admin-site-delete-hint = A site that tickets refer to cannot be deleted; its unit goes with it.

admin-vo-list-title = VOs
admin-vo-add = Add a VO
admin-vo-edit-title = VO { $name }
admin-vo-delete-hint = A VO that tickets refer to cannot be deleted.

admin-issue-type-list-title = Types of issue
admin-issue-type-add = Add a type of issue
admin-issue-type-edit-title = Type of issue { $name }
admin-issue-type-delete-hint = A type of issue that tickets refer to cannot be deleted; its routing rule goes with it.
admin-issue-type = Type of issue

admin-routing-title = Routing rules
admin-routing-lead = When first-level support applies the routing rules to a ticket, the ticket goes to the unit its type of issue's rule names.
admin-routing-unit = Unit
admin-routing-set = Set a rule
admin-routing-set-hint = A type of issue has one rule at most: setting it again replaces it.
admin-routing-save = Set the rule
admin-routing-delete = Delete the rule of { $type }
