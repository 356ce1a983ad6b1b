package c8alignedcomments

import "testing"

func TestGetLookup(t *testing.T) {
	s := &Store{m: map[string]int{"a": 1}}
	if s.Get("a") != 1 {
		t.Fatal("Get")
	}
	if v, ok := s.Lookup("b"); v != 0 || ok {
		t.Fatal("Lookup")
	}
}
