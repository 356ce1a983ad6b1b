//go:build !linux

package c2buildtagtypeshift

// step is the shift count.
var step uint
