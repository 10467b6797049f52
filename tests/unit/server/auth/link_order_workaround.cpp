// Link-order workaround for unit_server_auth (remove once tests/CMakeLists.txt links the
// C++ runtime ahead of the project's static libraries, or once every symbol the storage
// library references is defined). In C++20 std::string's members are constexpr, so object
// files carry their own copies; GoogleTest's references to them would otherwise be
// satisfied from the first archive after it, libhyrax_storage, dragging in catalog code
// whose transaction functions do not exist yet. Instantiating std::string here defines
// them in the test binary before that archive is searched.
#include <string>

template class std::basic_string<char>;
