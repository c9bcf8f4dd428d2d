// placeholder
#include "conformance/case_helpers.h"
namespace mcpc {
void addHttpCases(CaseCatalog&) {}
}
