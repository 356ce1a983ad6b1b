package c3patternarrayarg

import "testing"

func TestTouchReleasesTheLockedKey(t *testing.T) {
	tb := &Table{locked: map[Key]bool{}}
	next := tb.Touch(Key{1, 2})
	if next != (Key{2, 2}) {
		t.Fatalf("Touch returned %v", next)
	}
	if len(tb.locked) != 0 {
		t.Fatalf("rows still locked after Touch: %v", tb.locked)
	}
}
