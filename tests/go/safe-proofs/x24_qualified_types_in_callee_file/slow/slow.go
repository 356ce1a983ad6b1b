// Package store (directory slow): File.Sync writes a map that is nil until
// Track is called.
package store

// File is a file.
type File struct{ dirty map[int]bool }

// Sync records a sync: it panics on a File whose map is nil.
func (f *File) Sync() int {
	f.dirty[0] = false
	return len(f.dirty)
}
