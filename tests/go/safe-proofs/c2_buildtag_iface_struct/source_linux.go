//go:build linux

package c2buildtagifacestruct

// Source yields values; implementations may panic.
type Source interface{ Next() int }
