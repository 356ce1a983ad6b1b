package buf

// Cap would be Outer's own method, but the go tool ignores files named .*.
func (o Outer) Cap() int { return o.N }
