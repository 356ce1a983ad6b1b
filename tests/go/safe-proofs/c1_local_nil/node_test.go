package c1localnil

import "testing"

func TestValuePanicReleasesLock(t *testing.T) {
	var l List
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Value(nil) did not panic")
			}
		}()
		l.Value(nil)
	}()
	if !l.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Value")
	}
	l.mu.Unlock()
	if got := l.Value(&Node{V: 5}); got != 5 {
		t.Fatalf("Value = %d, want 5", got)
	}
	if got := l.Value(&l.empty); got != 0 {
		t.Fatalf("Value(empty) = %d, want 0", got)
	}
}
