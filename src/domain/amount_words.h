// Số tiền bằng chữ: an amount of đồng read out in Vietnamese words, as receipts print it
// ("Mười sáu nghìn đồng", "Một triệu không trăm linh năm nghìn đồng").
#pragma once

#include <cstdint>
#include <string>

namespace motcua::domain {

// `amount` >= 0 (a negative amount reads as its absolute value after "Âm"); the first letter is
// a capital and the words end with "đồng". Groups of three digits after the first non-zero one
// are read in full ("không trăm", "linh"), the way accountants write them.
std::string AmountInWordsVi(int64_t amount);

}  // namespace motcua::domain
