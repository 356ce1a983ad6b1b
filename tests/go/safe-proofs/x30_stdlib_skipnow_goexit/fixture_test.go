package x30stdlibskipnowgoexit

import "testing"

func TestUseReleasesLockOnSkip(t *testing.T) {
	f := &Fixture{offline: true}
	t.Run("offline", func(t *testing.T) {
		f.Use(t)
		t.Error("Use did not skip")
	})
	if !f.mu.TryLock() {
		t.Fatal("the mutex is left locked after SkipNow (runtime.Goexit)")
	}
	f.mu.Unlock()
}
