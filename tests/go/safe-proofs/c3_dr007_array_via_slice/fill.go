// Package c3dr007arrayviaslice: `copy(buf[:], src)` fills the array buf
// through a slice after `defer func() { keep(buf) }()`. The closure reads buf
// at the exit; `defer keep(buf)` would copy it at the defer, still empty.
package c3dr007arrayviaslice

var kept [4]byte

func keep(b [4]byte) { kept = b }

// Fill copies src into a buffer and keeps the buffer when Fill returns.
func Fill(src []byte) int {
	var buf [4]byte
	defer func() { keep(buf) }()
	return copy(buf[:], src)
}
