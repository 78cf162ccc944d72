#!/bin/sh
# test-man-examples.sh: placeholder, being written.
. "$ACCORD_SRCDIR/tests/lib.sh"
check "accord --version runs" "$ACCORD" --version
finish
