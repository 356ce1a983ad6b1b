package x24qualifiedtypesincalleefile

import (
	"testing"

	"safeproofs/x24_qualified_types_in_callee_file/disk"
)

func check(t *testing.T, name string, s *Syncer, f func()) {
	t.Helper()
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}()
	if !s.mu.TryLock() {
		t.Fatalf("%s: the mutex is left locked after a recovered panic", name)
	}
	s.mu.Unlock()
}

func TestLockReleased(t *testing.T) {
	s := &Syncer{d: disk.Disk{Cur: disk.Open()}, alias: disk.Open()}
	if s.SyncFresh() != 0 {
		t.Fatal("SyncFresh")
	}
	check(t, "SyncNew", s, func() { s.SyncNew() })
	check(t, "SyncCur", s, func() { s.SyncCur() })
	check(t, "SyncAlias", s, func() { s.SyncAlias() })
}
