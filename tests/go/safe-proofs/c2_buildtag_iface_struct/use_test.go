//go:build linux

package c2buildtagifacestruct

import "testing"

type boom struct{}

func (boom) Next() int { panic("boom") }

type seven struct{}

func (seven) Next() int { return 7 }

func TestPullPanicReleasesLock(t *testing.T) {
	var r Reader
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Pull(boom) did not panic")
			}
		}()
		r.Pull(boom{})
	}()
	if !r.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Pull")
	}
	r.mu.Unlock()
	if got := r.Pull(seven{}); got != 7 {
		t.Fatalf("Pull = %d, want 7", got)
	}
}
