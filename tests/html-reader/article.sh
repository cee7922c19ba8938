# The article boundary (issue 17, item 3): report pages without a known
# article container — the report in a plain <div> of headings and tables,
# tables in wrappers, Word's sections, a layout table, with and without site
# chrome — in the 2021 and 2019 templates (fixtures made by
# make_article_fixtures.py from tests/report/fixtures). The whole report is
# read (title, six section headings, three tables, all 200 fields), nothing
# of the chrome, and the attachment list after the article is a list of
# links (article_check.py says what is checked).
HERE=$(dirname "${BASH_SOURCE[0]}")
check "every field of every fixture (check_fixtures.py)" \
    python3 "$GD_SOURCE_DIR/tests/report/check_fixtures.py" "$GD_CLI" "$HERE"/article/*.html
check "title, headings, tables, no chrome, attachments (article_check.py)" \
    python3 "$HERE/article_check.py" "$GD_CLI" "$HERE/article" "$GD_TMP"
