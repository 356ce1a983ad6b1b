package r3d9dr007argwrittenbymethodvalue

import "testing"

func TestFill(t *testing.T) {
	Fill(5)
	if kept.a[0] != 5 {
		t.Fatalf("kept = %v, want {[5 0]}", kept)
	}
}
