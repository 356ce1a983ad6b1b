package r3d9dr007argwrittenbyrangeassign

import "testing"

func TestLast(t *testing.T) {
	Last([]int{7, 8, 9})
	if kept[0] != 2 {
		t.Fatalf("kept = %v, want [2 0]", kept)
	}
}
