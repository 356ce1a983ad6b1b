//go:build ignore

// A generator (go run gen_table.go), never built with package calc: its
// package clause is main, and its Div cannot panic.
package main

// Div returns 0.
func Div(a, b int) int { return 0 }

func main() { _ = Div(1, 0) }
