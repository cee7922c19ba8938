# Real pages of a government portal, as crawled (../shared/corpora/gov-pages):
# no sentence, table or attachment link of the article lost, nothing of the
# chrome kept — measured against the crawler's text by gov_pages.py, which
# prints the figures. As crawled every page must pass; with the CMS
# containers renamed (the densest-element rule alone) the report pages 01–08.
HERE=$(dirname "${BASH_SOURCE[0]}")
GP=$GD_CORPORA_DIR/gov-pages
check_eq "16 pages in the corpus" 16 "$(ls "$GP"/[0-9][0-9]_*.html | wc -l)"
check "gov-pages as crawled" python3 "$HERE/gov_pages.py" "$GD_CLI" "$GP" "$GD_TMP"
check "gov-pages without CMS containers (report pages)" \
    python3 "$HERE/gov_pages.py" "$GD_CLI" "$GP" "$GD_TMP" --no-markers
