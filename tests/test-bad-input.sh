#!/bin/sh
# test-bad-input.sh: placeholder, being written.
. "$ACCORD_SRCDIR/tests/lib.sh"
check "accord --version runs" "$ACCORD" --version
finish
