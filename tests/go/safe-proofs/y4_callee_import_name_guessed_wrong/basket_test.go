package y4calleeimportnameguessedwrong

import "testing"

func TestPickReleasesLock(t *testing.T) {
	b := &Basket{}
	if b.last.Size() != 0 {
		t.Fatal("shop item size")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Pick did not panic")
			}
		}()
		b.Pick()
	}()
	if !b.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	b.mu.Unlock()
}
