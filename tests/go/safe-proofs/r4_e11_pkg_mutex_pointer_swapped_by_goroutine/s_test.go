package r4e11pkgmutexpointerswappedbygoroutine

import "testing"

func TestHold(t *testing.T) {
	first := mu
	go rotate()
	Hold()
	if !first.TryLock() {
		t.Fatal("the lock taken by Hold is still held")
	}
}
