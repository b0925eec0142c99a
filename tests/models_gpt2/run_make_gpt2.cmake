# ctest fixture: runs make_gpt2.py with the oracle venv's python.
#   cmake -DPYTHON=... -DSCRIPT=... -DOUT=... -P run_make_gpt2.cmake
if(NOT EXISTS "${PYTHON}")
  message(FATAL_ERROR "missing asset: the oracle python '${PYTHON}' does not exist; create it with "
                      "scripts/prepare_assets.sh (or configure with -DAR_ORACLE_PYTHON=...)")
endif()
execute_process(COMMAND "${PYTHON}" "${SCRIPT}" --out "${OUT}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "make_gpt2.py failed (${result}); its python comes from scripts/prepare_assets.sh")
endif()
