// Package impl holds the body of sum.Div.
package impl

func div(a, b int) int { return a / b }
