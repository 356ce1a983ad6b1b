//go:build !linux

package c2buildtagnamedtypeshift

// N is a bit number.
type N uint
