package buf

// Count would be Outer's own method, but the go tool ignores files named _*.
func (o Outer) Count() int { return o.N }
