package c1testfileappend

import "testing"

var failAppend bool

// append shadows the builtin in every file of the package (test build only).
func append(xs []int, v int) []int {
	if failAppend {
		panic("append refused")
	}
	out := make([]int, len(xs)+1)
	copy(out, xs)
	out[len(xs)] = v
	return out
}

func TestAddPanicReleasesLock(t *testing.T) {
	var l Log
	failAppend = true
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Add did not panic")
			}
		}()
		l.Add(1)
	}()
	failAppend = false
	if !l.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Add")
	}
	l.mu.Unlock()
	l.Add(2)
	if len(l.xs) != 1 || l.xs[0] != 2 {
		t.Fatalf("xs = %v", l.xs)
	}
}
