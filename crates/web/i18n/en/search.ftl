# Search.
nav-search = Search
search-title = Search the tickets
search-label = Search for
search-button = Search
search-help = All the words must match. Use "quotes" for a phrase, OR for alternatives, -word to exclude, certif* for the words that begin so, or a ticket number. French and English forms and accents count alike.
search-filters = Filters
search-any = Any
search-filter-q = Search
search-filter-status = Status
search-filter-unit = Responsible unit
search-filter-site = Site
search-filter-vo = VO
search-filter-type = Type of issue
search-filter-priority = Priority
search-filter-from = Opened from
search-filter-until = Opened until
search-filter-page = Page
search-filter-per_page = Results per page
search-total = Results: { $count }
search-total-more = More than 1,000 results
search-nothing = Nothing matches. Try fewer words, or other forms of them.
search-kind-note = Internal note
search-kind-answer = Answer
search-error-empty = Give one or more words to search for.
search-error-too-long = A search may have at most { $max } characters.
search-error-length = This one has { $chars }.
search-error-only-excluded = This search only excludes words: give at least one word to find.

# Similar solved cases.
similar-title = Similar solved cases
similar-hint = These tickets look like this one and were solved. Their solution may answer it.
similar-solution = Solution:
similar-none = No similar solved case was found.
similar-preview = Look for similar solved cases
similar-answer = Answer
