// Package x24qualifiedtypesincalleefile: disk.Open's result, disk.Disk's field
// Cur and the alias disk.File are written with `store.File` in package disk,
// whose file imports `store` from directory slow (Sync writes a nil map). This
// file imports `store` from directory fast (Sync cannot panic). An
// implementation that resolves the callee's `store.File` with the caller's
// imports proves the calls panic-free, and an explicit Unlock leaves the lock
// held after the recovered panic.
package x24qualifiedtypesincalleefile

import (
	"sync"

	"safeproofs/x24_qualified_types_in_callee_file/disk"
	store "safeproofs/x24_qualified_types_in_callee_file/fast"
)

// Syncer syncs files.
type Syncer struct {
	mu    sync.Mutex
	d     disk.Disk
	fresh *store.File
	alias *disk.File
	n     int
}

// SyncNew syncs a newly opened file.
func (s *Syncer) SyncNew() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := disk.Open()
	s.n = f.Sync()
	return s.n
}

// SyncCur syncs the disk's current file.
func (s *Syncer) SyncCur() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.d.Cur.Sync()
}

// SyncAlias syncs the file held through the alias disk.File.
func (s *Syncer) SyncAlias() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.alias.Sync()
}

// SyncFresh syncs a fast file (the Safe fix is correct here: fast's Sync
// cannot panic, even on a nil *File).
func (s *Syncer) SyncFresh() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fresh.Sync()
}
