// Package y11ignoredmainfilesoutnumberpackage: directory calc holds one file
// of package calc and two `//go:build ignore` generators of package main.
// Choosing the package clause most files have reads the generators as the
// package (the import is named, so the name main is not checked against
// it): their Div cannot panic, calc's does, and an explicit Unlock leaves the
// lock held after the recovered division by zero.
package y11ignoredmainfilesoutnumberpackage

import (
	"sync"

	calc "safeproofs/y11_ignored_main_files_outnumber_package/calc"
)

// Ratio keeps a ratio.
type Ratio struct {
	mu sync.Mutex
	r  int
}

// Set sets the ratio a/b.
func (r *Ratio) Set(a, b int) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.r = calc.Div(a, b)
	return r.r
}
