package c3dr007arrayviaslice

import "testing"

func TestFillKeepsFilledBuffer(t *testing.T) {
	kept = [4]byte{}
	if n := Fill([]byte("abcd")); n != 4 {
		t.Fatalf("Fill copied %d bytes", n)
	}
	if string(kept[:]) != "abcd" {
		t.Fatalf("kept %q, want %q (the buffer as filled, read at the exit)", kept[:], "abcd")
	}
}
