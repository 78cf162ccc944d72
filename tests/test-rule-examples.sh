#!/bin/sh
# test-rule-examples.sh: the `example` lines of the shipped rule files,
# run by `accord test rules` from the source tree.  The TAP is accord's
# own: one line per example, named FILE:LINE, and after a failure a block
# with the sentence, the labels expected and got and the rules that
# matched (read it in tests/test-rule-examples.log).  Rules that no
# example of its own file fires are failures (--require-coverage): every
# shipped rule has an example.
# shellcheck source=tests/lib.sh
. "$ACCORD_SRCDIR/tests/lib.sh"

cd "$ACCORD_SRCDIR" || exit 1
rc=0
"$ACCORD" test --require-coverage rules || rc=$?
exit "$rc"
