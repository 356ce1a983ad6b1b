//go:build linux

package c2buildtagtypeshift

// step is the shift count (signed on linux).
var step int
