package r2b2asmbody

// helper is written in assembly on amd64.
func helper(v int) int
