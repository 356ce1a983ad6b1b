package x29helperdefersandrecovers

import "testing"

func check(t *testing.T, name string, j *Job, f func()) {
	t.Helper()
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}()
	if !j.mu.TryLock() {
		t.Fatalf("%s: the mutex is left locked after a recovered panic", name)
	}
	j.mu.Unlock()
}

func TestLockReleased(t *testing.T) {
	j := &Job{}
	check(t, "Flush", j, func() { j.Flush() })
	check(t, "Parse", j, func() { j.Parse() })
	check(t, "Quiet", j, func() { j.Quiet() })
}

func TestHaltReleasesLockOnGoexit(t *testing.T) {
	j := &Job{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		j.Halt()
	}()
	<-done
	if !j.mu.TryLock() {
		t.Fatal("the mutex is left locked after runtime.Goexit")
	}
	j.mu.Unlock()
}
