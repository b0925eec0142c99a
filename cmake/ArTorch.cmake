# Defines the INTERFACE target `ar_torch` and AR_TORCH_CUDA_MAJOR.
#
# CPU build (default): links only libtorch_cpu and libc10 from AR_TORCH_ROOT (the torch/ folder of
# the PyPI wheel, unpacked by scripts/setup.sh), so the CUDA libraries of the wheel are not needed.
# libtorch_cpu still names libcudart/libcupti as dependencies; they come from the CUDA toolkit.
# CUDA build (AR_WITH_CUDA=ON): uses LibTorch's own CMake package (find_package(Torch)).
if(TARGET ar_torch)
  return()
endif()

add_library(ar_torch INTERFACE)
if(AR_WITH_CUDA)
  find_package(Torch REQUIRED)
  # Not the umbrella target `torch`: libtorch.so exports its own std::filesystem symbols, which
  # shadow libstdc++'s and crash (remove_all jumps to 0; PyTorch 2.11 cu130). The component
  # libraries (torch_cuda kept with --no-as-needed by its *_library target) work.
  target_include_directories(ar_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})
  target_link_libraries(ar_torch INTERFACE torch_cuda_library)
  target_compile_options(ar_torch INTERFACE ${TORCH_CXX_FLAGS})
  string(REGEX MATCH "^[0-9]+" AR_TORCH_CUDA_MAJOR "${CUDA_VERSION}${CUDAToolkit_VERSION}")
else()
  if(NOT AR_TORCH_ROOT OR NOT EXISTS "${AR_TORCH_ROOT}/lib/libtorch_cpu.so")
    message(FATAL_ERROR "LibTorch not found at AR_TORCH_ROOT='${AR_TORCH_ROOT}' "
                        "(expected lib/libtorch_cpu.so); run scripts/setup.sh")
  endif()
  find_path(AR_CUDART_DIR libcudart.so.13 PATHS /usr/local/cuda/lib64 /usr/local/cuda/lib NO_DEFAULT_PATH)
  find_path(AR_CUPTI_DIR libcupti.so.13 PATHS /usr/local/cuda/lib64 /usr/local/cuda/lib
            /usr/local/cuda/extras/CUPTI/lib64 NO_DEFAULT_PATH)
  if(NOT AR_CUDART_DIR OR NOT AR_CUPTI_DIR)
    message(FATAL_ERROR "libtorch_cpu.so needs libcudart.so.13 and libcupti.so.13 (CUDA 13 toolkit), "
                        "looked in /usr/local/cuda")
  endif()
  target_include_directories(ar_torch SYSTEM INTERFACE "${AR_TORCH_ROOT}/include"
                                                       "${AR_TORCH_ROOT}/include/torch/csrc/api/include")
  target_link_libraries(ar_torch INTERFACE "${AR_TORCH_ROOT}/lib/libtorch_cpu.so" "${AR_TORCH_ROOT}/lib/libc10.so"
                                           "-Wl,-rpath,${AR_TORCH_ROOT}/lib:${AR_CUDART_DIR}:${AR_CUPTI_DIR}"
                                           "-Wl,-rpath-link,${AR_CUDART_DIR}:${AR_CUPTI_DIR}")
  target_compile_definitions(ar_torch INTERFACE _GLIBCXX_USE_CXX11_ABI=1)
  set(AR_TORCH_CUDA_MAJOR 0)
endif()
if(NOT AR_TORCH_CUDA_MAJOR)
  set(AR_TORCH_CUDA_MAJOR 0)
endif()
# LibTorch ships fmt's headers in its include directory; they shadow any system fmt, so every
# target that sees LibTorch uses that copy, header-only.
target_compile_definitions(ar_torch INTERFACE AR_TORCH_CUDA_MAJOR=${AR_TORCH_CUDA_MAJOR} FMT_HEADER_ONLY=1)
# at::parallel_for is a header template whose OpenMP pragma is compiled into our code: without
# -fopenmp it silently runs on one thread. GOMP calls then resolve to the libgomp.so.1 LibTorch
# already loaded (the wheel ships its own).
target_compile_options(ar_torch INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-fopenmp>)
if(AR_WITH_CUDA)
  find_package(OpenMP REQUIRED COMPONENTS CXX)
  target_link_libraries(ar_torch INTERFACE OpenMP::OpenMP_CXX)
else()
  target_link_libraries(ar_torch INTERFACE "${AR_TORCH_ROOT}/lib/libgomp.so.1")
endif()
