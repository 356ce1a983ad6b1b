//go:build !amd64

package r2b2asmbody

func helper(v int) int { return v }
