package budget

// fallbackLimit is the native limit where physical memory is unknown.
const fallbackLimit = 4 << 30
