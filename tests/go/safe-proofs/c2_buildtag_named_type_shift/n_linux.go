//go:build linux

package c2buildtagnamedtypeshift

// N is a bit number (signed on linux).
type N int
