package ctlxstdlibpure

import "testing"

func TestAdd(t *testing.T) {
	c := &Runes{}
	if c.Add('a') != 1 || c.Add('é') != 2 || c.bytes != 3 {
		t.Fatalf("bytes = %d", c.bytes)
	}
	if !c.Valid('a') || c.Valid(-1) {
		t.Fatal("Valid")
	}
	if !c.mu.TryLock() {
		t.Fatal("the mutex is left locked")
	}
	c.mu.Unlock()
}
