// Package ops: one-line helpers with no call and no explicit panic, each of
// which can still panic at run time: a type assertion, a send on a closed
// channel, a close of a closed channel, a slice-to-array conversion, a shift
// by a negative count, a make with a negative size.
package ops

// AsInt returns v as an int: it panics when v holds another type.
func AsInt(v any) int { return v.(int) }

// Send sends v on ch: it panics when ch is closed.
func Send(ch chan<- int, v int) { ch <- v }

// Close closes ch: it panics when ch is already closed (or nil).
func Close(ch chan int) { close(ch) }

// Head returns the first four elements as an array: it panics when s is
// shorter.
func Head(s []int) [4]int { return [4]int(s) }

// Bit returns 1 << k: it panics when k is negative.
func Bit(k int) int { return 1 << k }

// Buf returns a buffer of n bytes: it panics when n is negative.
func Buf(n int) []byte { return make([]byte, n) }
