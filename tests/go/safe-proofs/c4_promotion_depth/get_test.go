package c4promotiondepth

import "testing"

type boom struct{}

func (boom) Get() int { panic("boom") }

type five struct{}

func (five) Get() int { return 5 }

func TestLoadPanicReleasesLock(t *testing.T) {
	s := &S{Getter: boom{}}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Load with a panicking Getter did not panic")
			}
		}()
		s.Load()
	}()
	if !s.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Load")
	}
	s.mu.Unlock()
	s.Getter = five{}
	if got := s.Load(); got != 5 {
		t.Fatalf("Load() = %d, want 5", got)
	}
	if s.Deep() != 1 {
		t.Fatal("Deep")
	}
}
