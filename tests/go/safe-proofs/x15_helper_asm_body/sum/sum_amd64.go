// Package sum: on amd64, Add has no Go body; its assembly (sum_amd64.s) calls
// fail, which panics. Other architectures build the Go body of sum_other.go,
// which cannot panic.
package sum

// Add is written in assembly on amd64.
func Add(a, b int) int

func fail(a int) int { panic("fail") }
