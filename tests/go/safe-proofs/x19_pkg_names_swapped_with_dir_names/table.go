// Package x19pkgnamesswappedwithdirnames: the directory util holds package
// helper and the directory helper holds package util. `helper.Pick` here is
// the Pick of directory util, which indexes; an implementation that finds a
// package by the name it is called by (directory helper, whose Pick cannot
// panic) proves the call panic-free, and an explicit Unlock leaves the lock
// held after the recovered panic.
package x19pkgnamesswappedwithdirnames

import (
	"sync"

	"safeproofs/x19_pkg_names_swapped_with_dir_names/helper"
	"safeproofs/x19_pkg_names_swapped_with_dir_names/util"
)

// Table holds rows.
type Table struct {
	mu   sync.Mutex
	rows []int
}

// Row returns row i.
func (t *Table) Row(i int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return helper.Pick(t.rows, i)
}

// Index returns i (the Safe fix is correct here).
func (t *Table) Index(i int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return util.Pick(t.rows, i)
}
