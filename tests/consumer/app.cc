// A downstream program: it only includes installed headers and links lstmkit::lstmkit.
#include <iostream>

#include "lstmkit/nn/parameters.h"
#include "lstmkit/version.h"

int main() {
  lstmkit::nn::Parameters params;
  params.add("head.weight", {3, 4});
  std::cout << "lstmkit " << lstmkit::version() << " " << params.size() << "\n";
  return params.size() == 12 ? 0 : 1;
}
