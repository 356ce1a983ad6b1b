package x19pkgnamesswappedwithdirnames

import "testing"

func TestRowReleasesLock(t *testing.T) {
	tb := &Table{rows: []int{1}}
	if tb.Index(3) != 3 {
		t.Fatal("Index")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Row did not panic")
			}
		}()
		tb.Row(3)
	}()
	if !tb.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	tb.mu.Unlock()
}
